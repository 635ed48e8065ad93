import type { ReservedSql, Sql } from 'postgres';
import { log } from '../runtime/log.ts';
import type { WriterFence } from './WriterFence.ts';

/** Another process already writes this world (same database, same schema). */
export class WorldLockedError extends Error {
  override name = 'WorldLockedError';
}

/** This process is no longer the world's writer: a newer one took the world (its epoch is higher). */
export class FencedError extends Error {
  override name = 'FencedError';
  /** a fenced write must never be retried: the writer it came from has to stop */
  readonly permanent = true;
}

const EPOCH = 'world_epoch';
const HEARTBEAT_MS = 5_000;

/**
 * One writer per world. `acquire` takes a session advisory lock keyed by the schema (the world) on a connection
 * of its own — a second process on the same world is refused at start-up — and then bumps the world's fencing
 * epoch, a row in `counters`. Every write that moves the world forward (checkpoints, outbox inserts) calls
 * `check(tx)` inside its transaction: if a newer writer has taken over (after this process lost its lock, say in
 * a network partition) the epoch differs and the write fails with FencedError instead of interleaving with
 * the new writer's. On PGlite the data-directory lock already keeps other processes out; the advisory lock and
 * the epoch work the same there.
 *
 * @example
 * const lock = await WorldLock.acquire(db.sql, db.engine);
 * const outbox = new PgOutbox(db.sql, { fence: (tx) => lock.check(tx) });
 */
export class WorldLock implements WriterFence {
  #heartbeat: NodeJS.Timeout | null = null;
  #lost: ((err: Error) => void)[] = [];
  #released = false;

  private constructor(
    private readonly sql: Sql,
    private reserved: ReservedSql | null,
    readonly epoch: number,
  ) {}

  static async acquire(sql: Sql, engine: 'postgres' | 'pglite'): Promise<WorldLock> {
    // PGlite has one backend shared by every connection: reserving it would starve the pool
    const reserved = engine === 'postgres' ? await sql.reserve() : null;
    const conn = reserved ?? sql;
    try {
      const [row] = await conn<{ locked: boolean; schema: string }[]>`
        select pg_try_advisory_lock(hashtext(current_schema() || '.midgard_world')) as locked, current_schema() as schema`;
      if (!row!.locked) throw new WorldLockedError(`world '${row!.schema}' is already run by another Midgard process (same database and schema); stop it first`);
      const [bumped] = await sql<{ value: number }[]>`
        insert into counters (name, value) values (${EPOCH}, 1)
        on conflict (name) do update set value = counters.value + 1
        returning value`;
      const lock = new WorldLock(sql, reserved, Number(bumped!.value));
      if (reserved) lock.#startHeartbeat();
      return lock;
    } catch (err) {
      reserved?.release();
      throw err;
    }
  }

  /** Inside a writing transaction: throws FencedError when a newer writer owns the world. */
  async check(tx: Sql): Promise<void> {
    const [row] = await tx<{ value: number }[]>`select value from counters where name = ${EPOCH} for share`;
    if (Number(row?.value) !== this.epoch) {
      const err = new FencedError(`world taken over by a newer writer (epoch ${row?.value}, ours ${this.epoch}); this process must stop`);
      this.#lose(err);
      throw err;
    }
  }

  /** Called once when the lock is known lost for good (fenced, or retaken by someone else). */
  onLost(listener: (err: Error) => void): void {
    this.#lost.push(listener);
  }

  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    const reserved = this.reserved;
    this.reserved = null;
    if (!reserved) return;
    await reserved`select pg_advisory_unlock(hashtext(current_schema() || '.midgard_world'))`.catch(() => {});
    reserved.release();
  }

  #lose(err: Error): void {
    for (const listener of this.#lost.splice(0)) listener(err);
  }

  /**
   * A session lock lives as long as its connection. If Postgres restarts, the lock is gone with it: take it
   * again on a new connection, as long as the epoch is still ours (nobody took over meanwhile).
   */
  #startHeartbeat(): void {
    let busy = false;
    this.#heartbeat = setInterval(async () => {
      if (busy || this.#released) return;
      busy = true;
      try {
        if (this.reserved) {
          try {
            // bounded: a write lost to a dying socket can leave a query pending forever (porsager/postgres#1208)
            await Promise.race([this.reserved`select 1`, new Promise((_, reject) => setTimeout(() => reject(new Error('heartbeat timed out')), HEARTBEAT_MS).unref())]);
            return;
          } catch {
            this.reserved.release();
            this.reserved = null;
            log.warn('world lock connection lost; retaking the lock');
          }
        }
        const reserved = await this.sql.reserve();
        const [row] = await reserved<{ locked: boolean; epoch: number | null }[]>`
          select pg_try_advisory_lock(hashtext(current_schema() || '.midgard_world')) as locked,
                 (select value from counters where name = ${EPOCH}) as epoch`;
        if (row!.locked && Number(row!.epoch) === this.epoch) {
          this.reserved = reserved;
          log.info({ epoch: this.epoch }, 'world lock retaken');
          return;
        }
        if (row!.locked) await reserved`select pg_advisory_unlock(hashtext(current_schema() || '.midgard_world'))`;
        reserved.release();
        this.#lose(new FencedError(`world lock lost to another writer (epoch ${row!.epoch}, ours ${this.epoch})`));
      } catch {
        // Postgres still unreachable: try again on the next beat
      } finally {
        busy = false;
      }
    }, HEARTBEAT_MS);
    this.#heartbeat.unref();
  }
}
