import postgres, { type Sql } from 'postgres';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.ts';

export type { Sql } from 'postgres';

export interface Database {
  sql: Sql;
  /** 'postgres' when `url` was given, 'pglite' for the embedded default */
  engine: 'postgres' | 'pglite';
  /** the schema every unqualified table name resolves to */
  schema: string;
  close(): Promise<void>;
}

/**
 * Options only: the environment (DATABASE_URL, MIDGARD_DATA_DIR, MIDGARD_DB_SCHEMA) is read once at the edge
 * (app/config.ts `loadConfig`), never here.
 */
export interface OpenDatabaseOptions {
  /** Postgres URL; without one (or with ''), an embedded PGlite is started */
  url?: string;
  /** PGlite data directory, default ./data/pg; `null` keeps it in memory */
  dataDir?: string | null;
  /** schema for every table (tests use one each); created when missing. Default `public`. */
  schema?: string;
  /** pool size for a real Postgres (PGlite always gets one connection) */
  max?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * postgres.js options shared by every connection: int8 columns (seqs, epoch-ms times, player ids) come back
 * as numbers — all of them stay far below 2^53 — and server notices (e.g. "schema already exists") stay quiet.
 */
function clientOptions(max: number, schema: string): postgres.Options<Record<string, postgres.PostgresType>> {
  return {
    max,
    onnotice: () => {},
    connection: { search_path: schema, application_name: 'midgard' },
    types: {
      bigint: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) },
    },
  };
}

/**
 * One way in for every Postgres the process uses: a `url` ⇒ that server; otherwise an embedded PGlite
 * (data directory on disk) served over a 127.0.0.1 socket to the very same postgres.js code.
 *
 * @example
 * const db = await openDatabase({ url: config.database.url }); // that server, or PGlite in ./data/pg
 * await migrate(db.sql);
 * const rows = await db.sql`select count(*) from event_journal`;
 * await db.close();
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const schema = options.schema || 'public';
  if (!SCHEMA_NAME.test(schema)) throw new Error(`schema must match ${SCHEMA_NAME}, got '${schema}'`);
  const url = options.url;
  if (url) {
    const sql = postgres(url, clientOptions(options.max ?? 10, schema));
    try {
      if (schema !== 'public') await sql`create schema if not exists ${sql(schema)}`;
    } catch (err) {
      await sql.end({ timeout: 1 });
      throw err;
    }
    return { sql, engine: 'postgres', schema, close: () => sql.end({ timeout: 5 }) };
  }
  const dataDir = options.dataDir === undefined ? './data/pg' : options.dataDir;
  const embedded = await startEmbeddedPostgres({ dataDir });
  try {
    const sql = await connectEmbedded(embedded, schema);
    return {
      sql,
      engine: 'pglite',
      schema,
      close: async () => {
        await sql.end({ timeout: 5 });
        await embedded.stop();
      },
    };
  } catch (err) {
    await embedded.stop();
    throw err;
  }
}

/**
 * A postgres.js client on an already running embedded Postgres, bound to `schema`. PGlite ignores startup
 * parameters and its one backend is shared by every connection, so the schema is set with SET — which then
 * holds for whoever connects next: use one client at a time (tests end theirs before opening the next).
 *
 * @example
 * const pg = await startEmbeddedPostgres({ dataDir: null });
 * const sql = await connectEmbedded(pg, 't_1234');
 */
export async function connectEmbedded(embedded: EmbeddedPostgres, schema: string): Promise<Sql> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`schema must match ${SCHEMA_NAME}, got '${schema}'`);
  const sql = postgres({ host: embedded.host, port: embedded.port, user: 'postgres', database: 'postgres', ...clientOptions(1, schema) });
  try {
    await sql`create schema if not exists ${sql(schema)}`;
    await sql`select set_config('search_path', ${schema}, false)`;
  } catch (err) {
    await sql.end({ timeout: 1 });
    throw err;
  }
  return sql;
}
