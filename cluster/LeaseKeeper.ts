import type { Lease, ShardLeases } from './ShardLeases.ts';

/**
 * One world node's share of the shards, kept in balance: every round it says it is alive, renews what it holds
 * (a lease it failed to renew is lost at once: `lost` fires and the node must drop the shard), gives up shards
 * above its fair share (`ceil(shards / live nodes)`, highest numbers first, so a joining node gets some) and
 * takes free ones up to it (lowest first). A dead node's leases expire after the ttl and the next rounds of
 * the survivors take them, each with a higher epoch.
 *
 * @example
 * const keeper = new LeaseKeeper(leases, 64, { gained: (s, epoch) => host.restore(s, epoch), lost: (s) => host.drop(s) });
 * keeper.start(); // a round every ttl / 3
 */
export interface LeaseHooks {
  /** the node now owns `shard` under `epoch`: restore it from its checkpoint and replay */
  gained(shard: number, epoch: number): void | Promise<void>;
  /** the lease was lost or released: stop ticking the shard and never write for it again */
  lost(shard: number): void | Promise<void>;
}

export class LeaseKeeper {
  readonly held = new Map<number, Lease>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly leases: ShardLeases, private readonly shards: number, private readonly hooks: LeaseHooks) {
    if (!Number.isInteger(shards) || shards < 1) throw new Error(`shards must be a positive integer, got ${shards}`);
  }

  /** One round; rounds never overlap. */
  round(): Promise<void> {
    this.running ??= this.doRound().finally(() => (this.running = null));
    return this.running;
  }

  start(intervalMs = Math.max(100, Math.floor(this.leases.options.ttlMs / 3))): void {
    if (this.timer) return;
    void this.round();
    this.timer = setInterval(() => void this.round().catch(() => {}), intervalMs);
    this.timer.unref?.();
  }

  /** Stop renewing; with `release` the shards are handed back at once (a clean shutdown), else they expire. */
  async stop(options: { release?: boolean } = {}): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    if (!options.release) return;
    for (const lease of [...this.held.values()]) await this.giveUp(lease);
  }

  private async doRound(): Promise<void> {
    await this.leases.heartbeat();
    for (const lease of [...this.held.values()]) {
      const renewed = await this.leases.renew(lease);
      if (renewed) this.held.set(lease.shard, renewed);
      else {
        this.held.delete(lease.shard);
        await this.hooks.lost(lease.shard);
      }
    }
    const live = await this.leases.liveNodes();
    const fair = Math.ceil(this.shards / Math.max(1, live.length));
    const extras = [...this.held.keys()].sort((a, b) => b - a).slice(0, Math.max(0, this.held.size - fair));
    for (const shard of extras) await this.giveUp(this.held.get(shard)!);
    if (this.held.size >= fair) return;
    const taken = await this.leases.holders(this.shards);
    for (let shard = 0; shard < this.shards && this.held.size < fair; shard++) {
      if (taken.has(shard)) continue;
      const lease = await this.leases.acquire(shard);
      if (!lease) continue;
      this.held.set(shard, lease);
      try {
        await this.hooks.gained(shard, lease.epoch);
      } catch (err) {
        await this.giveUp(lease); // not served: held on, it would be renewed and never served
        throw err;
      }
    }
  }

  private async giveUp(lease: Lease): Promise<void> {
    this.held.delete(lease.shard);
    await this.hooks.lost(lease.shard);
    await this.leases.release(lease);
  }
}
