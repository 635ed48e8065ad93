import type { Database, OpenDatabaseOptions } from './database.ts';

/** The options every database command accepts, in node:util parseArgs form. */
export const DATABASE_OPTIONS = {
  'database-url': { type: 'string' },
  'data-dir': { type: 'string' },
} as const;

export const DATABASE_USAGE = `  --database-url URL   Postgres to use (default DATABASE_URL; without it the embedded PGlite)
  --data-dir DIR       PGlite data directory (default MIDGARD_DATA_DIR or ./data/pg)`;

/**
 * Opens the database a command was pointed at (its flags over the environment: cli/databaseFromEnv.ts) and brings its schema up to date, so a command run against a
 * fresh data directory works instead of failing on a missing table.
 */
export async function openMigratedDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { openDatabase } = await import('./database.ts');
  const { migrate } = await import('./migrate.ts');
  const db = await openDatabase(options);
  try {
    await migrate(db.sql);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
