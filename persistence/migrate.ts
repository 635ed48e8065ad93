import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Sql } from 'postgres';
import { log } from '../runtime/log.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;
const DEFAULT_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Reads `NNN_name.sql` files in version order; anything else in the folder is an error, not silently skipped. */
export async function readMigrations(dir: string = DEFAULT_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE.exec(file);
    if (!match) throw new Error(`migration file '${file}' must be named NNN_name.sql (lower case)`);
    const text = await readFile(`${dir}/${file}`, 'utf8');
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) throw new Error(`two migrations share version ${version}`);
    migrations.push({ version, name: match[2]!, sql: text, checksum: createHash('sha256').update(text).digest('hex') });
  }
  return migrations;
}

/**
 * Brings the schema `sql` points at (its search_path) up to date. Each pending migration runs in its own
 * transaction together with its row in `schema_migrations`, so a crash leaves it either fully applied or not
 * at all. A transaction-scoped advisory lock lets several processes start at once: the second waits, then
 * finds nothing left to do. An applied migration whose file has since changed stops start-up: silently
 * diverging schemas are worse than a refusal.
 *
 * @example
 * const applied = await migrate(db.sql); // [{ version: 1, name: 'core' }, …] — empty when up to date
 */
export async function migrate(sql: Sql, dir?: string): Promise<{ version: number; name: string }[]> {
  const migrations = await readMigrations(dir);
  // under the lock too: concurrent CREATE TABLE IF NOT EXISTS can still collide on the catalog
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(current_schema() || '.schema_migrations'))`;
    await tx`
      create table if not exists schema_migrations (
        version integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`;
  });
  const applied: { version: number; name: string }[] = [];
  for (const migration of migrations) {
    const ran = await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext(current_schema() || '.schema_migrations'))`;
      const [row] = await tx<{ checksum: string; name: string }[]>`
        select name, checksum from schema_migrations where version = ${migration.version}`;
      if (row) {
        if (row.checksum !== migration.checksum) {
          throw new Error(
            `migration ${String(migration.version).padStart(3, '0')}_${row.name} was applied but its file has changed since; ` +
              'add a new migration instead of editing an applied one',
          );
        }
        return false;
      }
      await tx.unsafe(migration.sql).simple();
      await tx`insert into schema_migrations (version, name, checksum)
               values (${migration.version}, ${migration.name}, ${migration.checksum})`;
      return true;
    });
    if (ran) {
      applied.push({ version: migration.version, name: migration.name });
      log.info({ version: migration.version, name: migration.name }, 'migration applied');
    }
  }
  return applied;
}

/** Versions recorded in `schema_migrations`, oldest first (for `midgard migrate --status`). */
export async function appliedMigrations(sql: Sql): Promise<{ version: number; name: string; applied_at: Date }[]> {
  const [exists] = await sql<{ t: string | null }[]>`select to_regclass('schema_migrations')::text as t`;
  if (!exists?.t) return [];
  return sql<{ version: number; name: string; applied_at: Date }[]>`
    select version, name, applied_at from schema_migrations order by version`;
}
