import type { NatsConnection } from '@nats-io/transport-node';
import { Kvm, type KV } from '@nats-io/kv';
import { natsName } from './nats.ts';

/**
 * Which world node owns which shard: leases in a JetStream KV bucket whose keys expire unless renewed, plus a
 * fencing epoch per shard that only ever grows.
 *
 * Why JetStream KV and not Postgres advisory locks: an advisory lock lives as long as its database session, so a
 * node that hangs with its connection open keeps its shards forever, and a node cut off from the database cannot
 * tell it lost them; a KV lease simply expires (`ttl`), every node can watch the bucket, and each write is a
 * compare-and-set on the key's revision. Postgres stays the system of record: the epoch a lease carries rides on
 * every checkpoint and outbox write (`fence.ts`), and the database refuses a write from an older epoch, so a node
 * that lost its lease — paused by GC, partitioned — can never write again, even before it notices.
 *
 * @example
 * const leases = await ShardLeases.open(nc, { world: 'main', node: 'n1', ttlMs: 3_000 });
 * const lease = await leases.acquire(7); // { shard: 7, node: 'n1', epoch: 4, revision } | null
 * await leases.renew(lease!);            // null once it was lost
 */
export interface Lease {
  /** the shard (or host slot); CONDUCTOR for the world's one conductor */
  shard: number;
  node: string;
  /** grows with every new holder of the shard; writes carry it (`fence.ts`) */
  epoch: number;
  /** the KV revision of the lease key, for compare-and-set renewals */
  revision: number;
}

export interface ShardLeasesOptions {
  world: string;
  node: string;
  /** how long a lease (and a node's heartbeat) lives without renewal */
  ttlMs: number;
}

interface Held {
  node: string;
  epoch: number;
}

const enc = (value: unknown) => JSON.stringify(value);

/** A world's three buckets: who holds each lease, the epochs (never expire), and the live nodes. */
const BUCKETS = ['leases', 'epochs', 'nodes'] as const;
const bucketOf = (bucket: (typeof BUCKETS)[number], world: string) => `midgard_${bucket}_${world}`;

/** The lease "shard" of the world's conductor: one node at a time runs the clock, with its own epoch. */
export const CONDUCTOR = -1;

const keyOf = (shard: number) => (shard === CONDUCTOR ? 'conductor' : `shard.${shard}`);

export class ShardLeases {
  private constructor(
    private readonly leases: KV,
    private readonly epochs: KV,
    private readonly nodes: KV,
    readonly options: ShardLeasesOptions,
  ) {}

  static async open(nc: NatsConnection, options: ShardLeasesOptions): Promise<ShardLeases> {
    natsName('world', options.world);
    natsName('node', options.node);
    const kvm = new Kvm(nc);
    const [leases, epochs, nodes] = await Promise.all([
      kvm.create(bucketOf('leases', options.world), { ttl: options.ttlMs, history: 1 }),
      kvm.create(bucketOf('epochs', options.world), { history: 1 }),
      kvm.create(bucketOf('nodes', options.world), { ttl: options.ttlMs, history: 1 }),
    ]);
    return new ShardLeases(leases, epochs, nodes, options);
  }

  /** Remove a world's buckets (a world deleted; tests and benchmarks clean up after themselves). */
  static async destroy(nc: NatsConnection, world: string): Promise<void> {
    const kvm = new Kvm(nc);
    for (const bucket of BUCKETS) await (await kvm.open(bucketOf(bucket, natsName('world', world)))).destroy().catch(() => {});
  }

  /** Take a free shard: its lease key is created (only if absent), then its epoch is raised past every earlier holder's. */
  async acquire(shard: number): Promise<Lease | null> {
    const key = keyOf(shard);
    let revision: number;
    try {
      revision = await this.leases.create(key, enc({ node: this.options.node, epoch: 0 }));
    } catch {
      return null; // held by someone (or just taken)
    }
    const epoch = await this.nextEpoch(key);
    try {
      revision = await this.leases.update(key, enc({ node: this.options.node, epoch }), revision);
    } catch {
      return null; // expired between the two writes: someone else may hold it now
    }
    return { shard, node: this.options.node, epoch, revision };
  }

  /** Keep a lease alive; null when it was lost (expired and possibly taken): the holder must stop at once. */
  async renew(lease: Lease): Promise<Lease | null> {
    try {
      const revision = await this.leases.update(keyOf(lease.shard), enc({ node: lease.node, epoch: lease.epoch }), lease.revision);
      return { ...lease, revision };
    } catch {
      return null;
    }
  }

  /** Give a shard up (rebalancing, shutdown): only the current holder's revision can delete it. */
  async release(lease: Lease): Promise<void> {
    await this.leases.delete(keyOf(lease.shard), { previousSeq: lease.revision }).catch(() => {});
  }

  /** Who holds one shard (or the conductor) now; null when nobody does. */
  async holder(shard: number): Promise<Held | null> {
    const entry = await this.leases.get(keyOf(shard));
    return entry && entry.operation === 'PUT' ? entry.json<Held>() : null;
  }

  /** Say this node is alive (the nodes bucket expires silent ones). */
  async heartbeat(): Promise<void> {
    await this.nodes.put(`node.${this.options.node}`, enc({ at: Date.now() }));
  }

  /** The nodes that heartbeat within the ttl, sorted. */
  async liveNodes(): Promise<string[]> {
    // a Set: a key updated while the listing runs can be listed twice, which would make a node count double
    // and its peers give up shards they should keep
    // and bounded: a listing of keys updated meanwhile was seen to never end (see holders)
    const out = new Set<string>();
    const keys = await this.nodes.keys('node.*');
    const timer = setTimeout(() => keys.stop(new Error('listing the live nodes timed out')), this.options.ttlMs);
    try {
      for await (const key of keys) {
        const entry = await this.nodes.get(key);
        if (entry && entry.operation === 'PUT') out.add(key.slice('node.'.length));
      }
    } finally {
      clearTimeout(timer);
    }
    return [...out].sort();
  }

  /**
   * Who holds each of shards 0…count-1 now (expired leases are gone). One read per key, not a key listing: a
   * listing of keys that other nodes update meanwhile was seen to never end (nats.js 3.4, nats-server 2.9).
   */
  async holders(count: number): Promise<Map<number, Held>> {
    const held = await Promise.all(Array.from({ length: count }, (_, shard) => this.holder(shard)));
    const out = new Map<number, Held>();
    held.forEach((h, shard) => h && out.set(shard, h));
    return out;
  }

  /** The shard's epoch, raised by one with compare-and-set (a racing acquirer makes this retry, never share). */
  private async nextEpoch(key: string): Promise<number> {
    for (;;) {
      const entry = await this.epochs.get(key);
      const current = entry && entry.operation === 'PUT' ? Number(entry.string()) : 0;
      try {
        if (entry && entry.operation === 'PUT') await this.epochs.update(key, String(current + 1), entry.revision);
        else await this.epochs.create(key, String(current + 1));
        return current + 1;
      } catch {
        // another writer moved it: read again
      }
    }
  }
}
