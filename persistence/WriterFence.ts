import type { Sql } from 'postgres';

/**
 * What makes a process the one writer of a world (or of its part of one): every write that moves the world
 * forward (checkpoints, outbox inserts) calls `check(tx)` inside its transaction, which throws when a newer
 * writer has taken over, so a stale writer's rows never land. `WorldLock` is the single-process fence (advisory
 * lock + epoch); a clustered world node brings its own (lease epochs), and `openWorld` takes either.
 *
 * @example
 * const fence: WriterFence = await WorldLock.acquire(db.sql, db.engine);
 * const outbox = new PgOutbox(db.sql, { fence: (tx) => fence.check(tx) });
 * fence.onLost((err) => shutDown(err));
 */
export interface WriterFence {
  /** this writer's generation; a newer writer has a higher one */
  readonly epoch: number;
  /** inside a writing transaction: throws (permanently) when this process is no longer the writer */
  check(tx: Sql): Promise<void>;
  /** called once when the fence is known lost for good: the process must stop writing */
  onLost(listener: (err: Error) => void): void;
  /** give the world up (on shutdown); idempotent */
  release(): Promise<void>;
}
