import type { Envelope, TimerRecord } from './control.ts';

/**
 * What the runtime needs of durable storage: its actors' snapshots and the world document. Declared here because
 * the runtime defines it; persistence/ implements it (memory, Postgres) and re-exports it from persistence/types.ts.
 */

/** One actor as the snapshot store keeps it: enough to bring it back exactly where it was. */
export interface StoredActor {
  id: string;
  kind: string;
  /** increases with every save of this actor */
  version: number;
  /** XState persisted snapshot (JSON) */
  snapshot: unknown;
  /** set by `loadAll(…, { snapshots: false })` in place of `snapshot`: whether a non-null snapshot is stored */
  hasSnapshot?: boolean;
  /** set with `hasSnapshot`: the snapshot's state `value` alone, so a restored actor is listed in its state */
  value?: unknown;
  /**
   * The snapshot already serialized (e.g. by the worker that owns the actor, in parallel): stores that write
   * JSON use it verbatim instead of stringifying `snapshot` on the main thread. Never returned by loads.
   */
  snapshotJson?: string;
  timers: TimerRecord[];
  /** messages queued for it and not yet delivered */
  mailbox: Envelope[];
  paused: boolean;
  /** virtual epoch ms of the tick the snapshot was taken at */
  updatedAt: number;
}

export interface SnapshotStore {
  /**
   * Batched upsert; a lower version never overwrites a higher one. When `world` is given (a checkpoint), the
   * actors and the world document are written atomically (one transaction), so a restart never sees actors
   * newer than the world clock and journal position they belong to.
   */
  save(actors: StoredActor[], world?: unknown): Promise<void>;
  load(ids: string[]): Promise<StoredActor[]>;
  /**
   * Every stored actor, in pages, for world restore. With `{ snapshots: false }` a store may leave `snapshot`
   * undefined and set `hasSnapshot` instead: restore brings actors back passive and loads each snapshot when
   * the actor next wakes, so parsing them all up front is wasted (3–5× of restore time at 100k actors).
   * Stores that ignore the option return full rows; read `hasSnapshot ?? snapshot !== null`.
   */
  loadAll(pageSize?: number, options?: { snapshots?: boolean }): AsyncIterable<StoredActor[]>;
  /** The world's own state (clock, counters): one JSON document. */
  saveWorld(state: unknown): Promise<void>;
  loadWorld(): Promise<unknown | null>;
  close(): Promise<void>;
}
