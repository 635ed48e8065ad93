import { loadSettings } from '../app/settings.ts';
import { randomBytes } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Sql } from 'postgres';
import { openDatabase, type Database } from '../persistence/database.ts';
import { migrate } from '../persistence/migrate.ts';
import { PgSnapshotStore } from '../persistence/pg/PgSnapshotStore.ts';

/**
 * Where a fork lives, apart from the live world: on Postgres its own schema (`fork_<id>`) on the same server,
 * on the embedded default its own PGlite data directory (`<data root>/<id>`, by default `./data/forks/<id>`).
 * The schema holds the ordinary migrated tables (a fork is a world like any other) plus `fork_info` (where it
 * came from) and `fork_runs` (the reports of its fast-forwards). Nothing here knows the live world's schema.
 *
 * @example
 * const place = await ForkPlace.create({ url: process.env.DATABASE_URL });
 * await place.setInfo({ from: 'latest', … }); await place.close();
 */
export type ForkEngine = 'postgres' | 'pglite';

export interface ForkLocation {
  /** Postgres URL: the fork gets a schema there. Empty or absent: the embedded default, a data dir of its own. */
  url?: string;
  /** where embedded forks keep their data dirs (default ./data/forks, or MIDGARD_FORKS_DIR) */
  dataRoot?: string;
}

const ID = /^[a-z0-9][a-z0-9_]{0,39}$/;
export const SCHEMA_PREFIX = 'fork_';

export function defaultDataRoot(env: Record<string, string | undefined> = process.env): string {
  return loadSettings(env).MIDGARD_FORKS_DIR;
}

/** A new fork id: sortable by creation (base-36 time) plus a little randomness. */
export function newForkId(now = Date.now()): string {
  return `${now.toString(36)}${randomBytes(3).toString('hex')}`;
}

export function checkForkId(id: string): string {
  if (!ID.test(id)) throw new Error(`fork id must match ${ID} (lower case letters, digits, _), got '${id}'`);
  return id;
}

export class ForkPlace {
  private constructor(
    readonly id: string,
    readonly db: Database,
    readonly dataDir: string | null,
  ) {}

  get engine(): ForkEngine {
    return this.db.engine;
  }

  get sql(): Sql {
    return this.db.sql;
  }

  /** The store a fork's runtime restores from. */
  store(): PgSnapshotStore {
    return new PgSnapshotStore(this.db.sql, { useCopy: this.engine === 'postgres' });
  }

  /** A new, empty, migrated place; refuses an id already in use. */
  static async create(location: ForkLocation, id = newForkId()): Promise<ForkPlace> {
    checkForkId(id);
    if (location.url) {
      const probe = await openDatabase({ url: location.url, schema: 'public', max: 1 });
      try {
        const [row] = await probe.sql<{ n: number }[]>`select count(*)::int as n from information_schema.schemata where schema_name = ${SCHEMA_PREFIX + id}`;
        if (row!.n) throw new Error(`fork '${id}' already exists`);
      } finally {
        await probe.close();
      }
    } else if (await exists(join(defaultRoot(location), id))) throw new Error(`fork '${id}' already exists`);
    const place = await ForkPlace.open(location, id, true);
    await place.sql`create table if not exists fork_info (id text primary key default 'fork' check (id = 'fork'), info jsonb not null)`;
    await place.sql`create table if not exists fork_runs (id bigint generated always as identity primary key, name text not null, report jsonb not null, created_at timestamptz not null default now())`;
    return place;
  }

  /** An existing fork; `create` is for {@link ForkPlace.create} only. */
  static async open(location: ForkLocation, id: string, create = false): Promise<ForkPlace> {
    checkForkId(id);
    if (location.url) {
      if (!create) {
        const probe = await openDatabase({ url: location.url, schema: 'public', max: 1 });
        try {
          const [row] = await probe.sql<{ n: number }[]>`select count(*)::int as n from information_schema.tables where table_schema = ${SCHEMA_PREFIX + id} and table_name = 'fork_info'`;
          if (!row!.n) throw new Error(`no fork '${id}' on this Postgres`);
        } finally {
          await probe.close();
        }
      }
      const db = await openDatabase({ url: location.url, schema: SCHEMA_PREFIX + id, max: 4 });
      await migrate(db.sql).catch(async (err) => {
        await db.close();
        throw err;
      });
      return new ForkPlace(id, db, null);
    }
    const dir = join(defaultRoot(location), id);
    if (!create && !(await exists(dir))) throw new Error(`no fork '${id}' in ${defaultRoot(location)}`);
    const db = await openDatabase({ url: '', dataDir: dir, schema: 'public' });
    await migrate(db.sql).catch(async (err) => {
      await db.close();
      throw err;
    });
    return new ForkPlace(id, db, dir);
  }

  /** Every fork at a location, newest first. */
  static async list(location: ForkLocation): Promise<string[]> {
    if (location.url) {
      const probe = await openDatabase({ url: location.url, schema: 'public', max: 1 });
      try {
        const rows = await probe.sql<{ schema: string }[]>`
          select table_schema as schema from information_schema.tables
          where table_name = 'fork_info' and table_schema like ${SCHEMA_PREFIX + '%'} order by table_schema desc`;
        return rows.map((r) => r.schema.slice(SCHEMA_PREFIX.length));
      } finally {
        await probe.close();
      }
    }
    const root = defaultRoot(location);
    if (!(await exists(root))) return [];
    return (await readdir(root)).filter((d) => ID.test(d)).sort().reverse();
  }

  /** Remove a fork for good (its schema or its data dir). */
  static async drop(location: ForkLocation, id: string): Promise<void> {
    checkForkId(id);
    if (location.url) {
      const probe = await openDatabase({ url: location.url, schema: 'public', max: 1 });
      try {
        await probe.sql`drop schema if exists ${probe.sql(SCHEMA_PREFIX + id)} cascade`;
      } finally {
        await probe.close();
      }
      return;
    }
    await rm(join(defaultRoot(location), id), { recursive: true, force: true });
  }

  async setInfo(info: unknown): Promise<void> {
    await this.sql`insert into fork_info (id, info) values ('fork', ${JSON.stringify(info)}::text::jsonb) on conflict (id) do update set info = excluded.info`;
  }

  async info<T = Record<string, unknown>>(): Promise<T | null> {
    const [row] = await this.sql<{ info: T }[]>`select info from fork_info where id = 'fork'`;
    return row?.info ?? null;
  }

  async saveRun(name: string, report: unknown): Promise<number> {
    const [row] = await this.sql<{ id: number }[]>`insert into fork_runs (name, report) values (${name}, ${JSON.stringify(report)}::text::jsonb) returning id`;
    return row!.id;
  }

  async runs(): Promise<{ id: number; name: string; report: unknown }[]> {
    return this.sql<{ id: number; name: string; report: unknown }[]>`select id, name, report from fork_runs order by id`;
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

function defaultRoot(location: ForkLocation): string {
  return resolve(location.dataRoot ?? defaultDataRoot());
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
