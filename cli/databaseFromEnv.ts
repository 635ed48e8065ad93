import type { OpenDatabaseOptions } from '../persistence/database.ts';
import { loadSettings, type Env } from '../app/settings.ts';

/**
 * The database a command uses unless its flags say otherwise: DATABASE_URL, MIDGARD_DATA_DIR and
 * MIDGARD_DB_SCHEMA, parsed here at the edge (the persistence code takes options only).
 */
export function databaseFromEnv(values: { 'database-url'?: string; 'data-dir'?: string }, env: Env = process.env): OpenDatabaseOptions {
  const settings = loadSettings(env);
  return {
    url: values['database-url'] ?? settings.DATABASE_URL,
    dataDir: values['data-dir'] ?? settings.MIDGARD_DATA_DIR,
    schema: settings.MIDGARD_DB_SCHEMA,
  };
}
