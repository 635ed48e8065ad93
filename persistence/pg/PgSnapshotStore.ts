import type { Sql } from 'postgres';
import type { SnapshotStore, StoredActor } from '../types.ts';
import { assertSafeInteger, InvalidRecordError } from '../validate.ts';

interface SnapshotRow {
  id: string;
  kind: string;
  version: number;
  snapshot?: unknown;
  has_snapshot?: boolean;
  value?: unknown;
  timers: StoredActor['timers'];
  mailbox: StoredActor['mailbox'];
  paused: boolean;
  updated_at: number;
}

/** rows per statement: big enough to amortize round trips, small enough to keep parameter arrays modest */
const CHUNK = 5_000;
/** below this many actors a COPY's temp table costs more than it saves */
const COPY_THRESHOLD = 1_000;
/** rows per COPY write: small enough (~100 KB) to keep Postgres busy while the next chunk is serialized */
const COPY_CHUNK = 200;

export interface PgSnapshotStoreOptions {
  /**
   * Stream big saves with COPY into a temp table, then one upsert: ~3× faster than `unnest` on real
   * Postgres. PGlite's socket server drops the connection on COPY FROM STDIN, so never there. Default
   * 'auto': asks the server once (`version()` names PGlite) before the first big save.
   */
  useCopy?: boolean | 'auto';
  /** called by `close()`, e.g. to close a database the store was opened with */
  onClose?: () => Promise<void>;
  /** run inside every save's transaction; throws when this process is no longer the world's writer (WorldLock) */
  fence?: (tx: Sql) => Promise<void>;
}

/**
 * Actor snapshots in Postgres. `save` writes dirty actors as multi-row upserts — one `unnest` statement per
 * 5,000 actors, or a COPY into a temp table for big batches on real Postgres, all in one transaction — and
 * never lets a lower version overwrite a higher one. With `world`, the world document commits in the same
 * transaction: a restart never sees actors ahead of their world.
 *
 * @example
 * const store = new PgSnapshotStore(db.sql); // COPY for big checkpoints unless the server is PGlite
 * await store.save(dirtyActors, { clock, journalSeq });
 * for await (const page of store.loadAll(10_000)) restore(page);
 */
export class PgSnapshotStore implements SnapshotStore {
  #copy: Promise<boolean> | null = null;

  constructor(
    private readonly sql: Sql,
    private readonly options: PgSnapshotStoreOptions = {},
  ) {}

  #canCopy(): Promise<boolean> {
    const choice = this.options.useCopy ?? 'auto';
    if (choice !== 'auto') return Promise.resolve(choice);
    this.#copy ??= this.sql<{ v: string }[]>`select version() as v`.then(([row]) => !/pglite/i.test(row!.v));
    return this.#copy;
  }

  async save(actors: StoredActor[], world?: unknown): Promise<void> {
    const latest = latestVersions(actors);
    if (latest.length === 0 && world === undefined) return;
    const copy = latest.length >= COPY_THRESHOLD && (await this.#canCopy());
    await this.sql.begin(async (tx) => {
      await this.options.fence?.(tx as unknown as Sql);
      if (copy) await upsertByCopy(tx as unknown as Sql, latest);
      else for (let i = 0; i < latest.length; i += CHUNK) await upsert(tx as unknown as Sql, latest.slice(i, i + CHUNK));
      if (world !== undefined) await writeWorld(tx as unknown as Sql, world);
    });
  }

  async load(ids: string[]): Promise<StoredActor[]> {
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) throw new InvalidRecordError('ids must be strings');
    if (ids.length === 0) return [];
    // a join on unnest, not `id = any(…)`: see existingKeys.ts for the generic plan that makes the latter a scan
    const rows = await this.sql<SnapshotRow[]>`
      select s.id, s.kind, s.version, s.snapshot, s.timers, s.mailbox, s.paused, s.updated_at
      from unnest(${ids}::text[]) as wanted(id) join actor_snapshots s on s.id = wanted.id`;
    return rows.map(toActor);
  }

  async *loadAll(pageSize = 10_000, options: { snapshots?: boolean } = {}): AsyncIterable<StoredActor[]> {
    assertSafeInteger(pageSize, 'pageSize', 1);
    const withSnapshots = options.snapshots !== false;
    // keyset pagination: each page is an index range scan, whatever the table size
    let after: string | null = null;
    for (;;) {
      const rows: SnapshotRow[] = await this.sql<SnapshotRow[]>`
        select id, kind, version, timers, mailbox, paused, updated_at,
          ${withSnapshots ? this.sql`snapshot` : this.sql`snapshot::text <> 'null' as has_snapshot, snapshot->'value' as value`}
        from actor_snapshots
        where ${after === null ? this.sql`true` : this.sql`id > ${after}`}
        order by id limit ${pageSize}`;
      if (rows.length === 0) return;
      yield rows.map(toActor);
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]!.id;
    }
  }

  async saveWorld(state: unknown): Promise<void> {
    await writeWorld(this.sql, state);
  }

  async loadWorld(): Promise<unknown | null> {
    const [row] = await this.sql<{ state: unknown }[]>`select state from world_state where id = 'world'`;
    return row ? row.state : null;
  }

  async close(): Promise<void> {
    await this.options.onClose?.();
  }
}

function snapshotText(actor: StoredActor): string {
  return actor.snapshotJson ?? JSON.stringify(actor.snapshot);
}

/** One row per id (an upsert may not touch a row twice): the highest version, the later one on a tie. */
function latestVersions(actors: StoredActor[]): StoredActor[] {
  if (!Array.isArray(actors)) throw new InvalidRecordError('actors must be an array');
  const byId = new Map<string, StoredActor>();
  actors.forEach((actor, index) => {
    if (typeof actor?.id !== 'string' || actor.id.length === 0) throw new InvalidRecordError(`actor #${index}: id must be a non-empty string`);
    if (typeof actor.kind !== 'string' || actor.kind.length === 0) throw new InvalidRecordError(`actor #${index}: kind must be a non-empty string`);
    if (!Number.isSafeInteger(actor.version) || actor.version < 0) throw new InvalidRecordError(`actor #${index}: version must be an integer ≥ 0`);
    if (!Number.isSafeInteger(actor.updatedAt)) throw new InvalidRecordError(`actor #${index}: updatedAt must be epoch ms`);
    if (actor.snapshotJson !== undefined && typeof actor.snapshotJson !== 'string') {
      throw new InvalidRecordError(`actor #${index}: snapshotJson must be a string`);
    }
    if (actor.snapshot === undefined && actor.snapshotJson === undefined) throw new InvalidRecordError(`actor #${index}: snapshot is missing`);
    const current = byId.get(actor.id);
    if (!current || current.version <= actor.version) byId.set(actor.id, actor);
  });
  return [...byId.values()];
}

async function upsert(sql: Sql, actors: StoredActor[]): Promise<void> {
  await sql`
    insert into actor_snapshots (id, kind, version, snapshot, timers, mailbox, paused, updated_at)
    select id, kind, version, snapshot::json, timers::json, mailbox::json, paused::boolean, updated_at
    from unnest(
      ${actors.map((a) => a.id)}::text[], ${actors.map((a) => a.kind)}::text[],
      ${actors.map((a) => a.version)}::bigint[], ${actors.map((a) => snapshotText(a))}::text[],
      ${actors.map((a) => JSON.stringify(a.timers ?? []))}::text[], ${actors.map((a) => JSON.stringify(a.mailbox ?? []))}::text[],
      ${actors.map((a) => (a.paused === true ? 't' : 'f'))}::text[], ${actors.map((a) => a.updatedAt)}::bigint[]
    ) as x(id, kind, version, snapshot, timers, mailbox, paused, updated_at)
    on conflict (id) do update set ${sql.unsafe(UPSERT_SET)}
    where actor_snapshots.version <= excluded.version`;
}

const UPSERT_SET = `
  kind = excluded.kind, version = excluded.version, snapshot = excluded.snapshot, timers = excluded.timers,
  mailbox = excluded.mailbox, paused = excluded.paused, updated_at = excluded.updated_at, written_at = now()`;

/** COPY text format: backslash, tab, newline and carriage return are the only characters that need escaping. */
function copyField(text: string): string {
  // JSON.stringify never emits raw control characters, so most fields need no work at all
  if (!/[\\\t\n\r]/.test(text)) return text;
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

async function upsertByCopy(sql: Sql, actors: StoredActor[]): Promise<void> {
  await sql`create temp table actor_snapshots_stage (like actor_snapshots including defaults) on commit drop`;
  const stream = await sql`
    copy actor_snapshots_stage (id, kind, version, snapshot, timers, mailbox, paused, updated_at) from stdin`.writable();
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  for (let i = 0; i < actors.length; i += COPY_CHUNK) {
    let chunk = '';
    for (let j = i; j < Math.min(i + COPY_CHUNK, actors.length); j++) {
      const a = actors[j]!;
      chunk += `${copyField(a.id)}\t${copyField(a.kind)}\t${a.version}\t${copyField(snapshotText(a))}\t${copyField(
        JSON.stringify(a.timers ?? []),
      )}\t${copyField(JSON.stringify(a.mailbox ?? []))}\t${a.paused === true ? 't' : 'f'}\t${a.updatedAt}\n`;
    }
    if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve));
    // let the socket carry this chunk while the next is built: Postgres parses rows as we serialize them
    else await new Promise((resolve) => setImmediate(resolve));
  }
  stream.end();
  await finished;
  await sql`
    insert into actor_snapshots (id, kind, version, snapshot, timers, mailbox, paused, updated_at)
    select id, kind, version, snapshot, timers, mailbox, paused, updated_at from actor_snapshots_stage
    on conflict (id) do update set ${sql.unsafe(UPSERT_SET)}
    where actor_snapshots.version <= excluded.version`;
  await sql`drop table actor_snapshots_stage`;
}

async function writeWorld(sql: Sql, state: unknown): Promise<void> {
  if (state === undefined) throw new InvalidRecordError('world state is missing');
  await sql`
    insert into world_state (id, state) values ('world', ${JSON.stringify(state)}::text::jsonb)
    on conflict (id) do update set state = excluded.state, written_at = now()`;
}

function toActor(row: SnapshotRow): StoredActor {
  const actor: StoredActor = {
    id: row.id,
    kind: row.kind,
    version: row.version,
    snapshot: row.snapshot,
    timers: row.timers,
    mailbox: row.mailbox,
    paused: row.paused,
    updatedAt: row.updated_at,
  };
  if (row.has_snapshot !== undefined) {
    actor.hasSnapshot = row.has_snapshot;
    actor.value = row.value ?? undefined;
  }
  return actor;
}
