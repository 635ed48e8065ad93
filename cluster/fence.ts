import type { Sql, TransactionSql } from 'postgres';

/**
 * Fencing: every write a world node makes for a shard (checkpoint, outbox rows) runs in a transaction that first
 * raises the shard's stored epoch to the writer's lease epoch — or finds a newer one and refuses. A node that
 * lost its lease (expired while it was paused or cut off) still believes it owns the shard; the database does
 * not, so nothing it writes lands. The row lock also orders the old and new holder's writes.
 *
 * @example
 * await fenced(db.sql, { world: 'main', shard: 7, epoch: lease.epoch }, (tx) => saveCheckpoint(tx, actors));
 */
export class FencedOut extends Error {
  constructor(readonly world: string, readonly shard: number, readonly epoch: number) {
    super(`shard ${shard} of world ${world} belongs to a newer lease than epoch ${epoch}: this node lost it and must stop writing`);
    this.name = 'FencedOut';
  }

  /** a fenced write must never be retried: the writer it came from has to stop */
  readonly permanent = true;
}

export interface FenceKey {
  world: string;
  shard: number;
  epoch: number;
}

export async function fenced<T>(sql: Sql, key: FenceKey, work: (tx: TransactionSql) => Promise<T>): Promise<T> {
  return (await sql.begin(async (tx) => {
    await raiseFence(tx, key);
    return work(tx);
  })) as T;
}

/** Inside a writing transaction: raise the stored epoch to `key.epoch`, or throw FencedOut if it is newer. */
export async function raiseFence(tx: Sql | TransactionSql, key: FenceKey): Promise<void> {
  const rows = await tx`
    insert into shard_fence (world, shard, epoch) values (${key.world}, ${key.shard}, ${key.epoch})
    on conflict (world, shard) do update set epoch = excluded.epoch where shard_fence.epoch <= excluded.epoch
    returning epoch`;
  if (!rows.length) throw new FencedOut(key.world, key.shard, key.epoch);
}
