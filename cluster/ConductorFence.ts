import type { Sql, TransactionSql } from 'postgres';
import { FencedOut, raiseFence } from './fence.ts';
import { CONDUCTOR } from './ShardLeases.ts';

/**
 * The conductor's writes (checkpoints, outbox rows) fenced by its lease epoch: the same shape as
 * persistence/WorldLock, so a clustered world uses it in WorldLock's place. `check(tx)` inside a writing
 * transaction raises the world's stored conductor epoch to this one, or refuses (FencedOut) when a newer
 * conductor already wrote; `onLost` fires once, when the lease is lost or a write was refused.
 *
 * @example
 * node.onConductor(async (epoch, lost) => {
 *   const fence = node.conductorFence(db.sql);
 *   const outbox = new PgOutbox(db.sql, { fence: (tx) => fence.check(tx) });
 *   fence.onLost(() => shutDown());
 * });
 */
export class ConductorFence {
  private readonly listeners: ((err: Error) => void)[] = [];
  private lostWith: Error | null = null;

  constructor(
    private readonly world: string,
    readonly epoch: number,
    lost: Promise<void>,
    private readonly releaseLease: () => Promise<void>,
  ) {
    void lost.then(() => this.lose(new FencedOut(world, CONDUCTOR, epoch)));
  }

  async check(tx: Sql | TransactionSql): Promise<void> {
    if (this.lostWith) throw this.lostWith;
    try {
      await raiseFence(tx, { world: this.world, shard: CONDUCTOR, epoch: this.epoch });
    } catch (err) {
      if (err instanceof FencedOut) this.lose(err);
      throw err;
    }
  }

  onLost(listener: (err: Error) => void): void {
    if (this.lostWith) listener(this.lostWith);
    else this.listeners.push(listener);
  }

  /** Hand the conductor lease back (a clean shutdown): another node takes it at its next round. */
  release(): Promise<void> {
    return this.releaseLease();
  }

  private lose(err: Error): void {
    if (this.lostWith) return;
    this.lostWith = err;
    for (const listener of this.listeners.splice(0)) listener(err);
  }
}
