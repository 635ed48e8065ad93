import { parseOptions, UsageError } from './args.ts';

export const summary = 'apply pending database migrations (DATABASE_URL, else the embedded PGlite data dir)';

export const usage = `usage: midgard migrate [--status] [--database-url URL] [--data-dir DIR]

  Applies persistence/migrations/NNN_name.sql in order, each in its own transaction, and records them in
  schema_migrations. Without DATABASE_URL or --database-url the embedded PGlite at --data-dir (default
  MIDGARD_DATA_DIR or ./data/pg) is migrated. --status lists what is applied and changes nothing.`;

/**
 * `midgard migrate`: exit 0 when the schema is up to date, 1 on a database error, 2 on bad usage.
 *
 * @example
 * midgard migrate                  # → "applied 001_core, 002_world" or "up to date (2 migrations)"
 * midgard migrate --status
 */
export async function run(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseOptions('migrate', args, {
      status: { type: 'boolean' },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    }));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${err.message}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  // imported here so `midgard help` does not load postgres.js and PGlite just to print one line
  const { openDatabase } = await import('../persistence/database.ts');
  const { databaseFromEnv } = await import('./databaseFromEnv.ts');
  const { appliedMigrations, migrate, readMigrations } = await import('../persistence/migrate.ts');
  let db;
  try {
    db = await openDatabase(databaseFromEnv(values));
  } catch (err) {
    console.error(`midgard migrate: cannot open the database: ${(err as Error).message}`);
    return 1;
  }
  try {
    if (values.status) {
      const applied = await appliedMigrations(db.sql);
      const known = await readMigrations();
      for (const m of known) {
        const row = applied.find((a) => a.version === m.version);
        console.log(`${String(m.version).padStart(3, '0')}_${m.name}  ${row ? `applied ${row.applied_at.toISOString()}` : 'pending'}`);
      }
      return 0;
    }
    const applied = await migrate(db.sql);
    const total = (await appliedMigrations(db.sql)).length;
    console.log(
      applied.length === 0
        ? `up to date (${total} migrations, ${db.engine})`
        : `applied ${applied.map((m) => `${String(m.version).padStart(3, '0')}_${m.name}`).join(', ')} (${db.engine})`,
    );
    return 0;
  } catch (err) {
    console.error(`midgard migrate: ${(err as Error).message}`);
    return 1;
  } finally {
    await db.close();
  }
}
