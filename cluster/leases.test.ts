import { randomBytes } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaseKeeper } from './LeaseKeeper.ts';
import { connectNats, natsUnavailable } from './nats.ts';
import { ShardLeases } from './ShardLeases.ts';

const unavailable = await natsUnavailable();
if (unavailable) console.warn(`cluster/leases.test.ts skipped: ${unavailable}`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(unavailable !== null)('shard leases on JetStream KV', () => {
  let nc: NatsConnection;
  const world = `t${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    nc = await connectNats();
  });
  afterAll(async () => {
    const { Kvm } = await import('@nats-io/kv');
    const kvm = new Kvm(nc);
    for (const bucket of ['leases', 'epochs', 'nodes']) await (await kvm.open(`midgard_${bucket}_${world}`)).destroy().catch(() => {});
    await nc.close();
  });

  it('gives a shard to one node at a time, and every new holder a higher epoch', async () => {
    const a = await ShardLeases.open(nc, { world, node: 'a', ttlMs: 1_500 });
    const b = await ShardLeases.open(nc, { world, node: 'b', ttlMs: 1_500 });
    const first = await a.acquire(0);
    expect(first).toMatchObject({ shard: 0, node: 'a', epoch: 1 });
    expect(await b.acquire(0)).toBeNull();
    const renewed = await a.renew(first!);
    expect(renewed).not.toBeNull();
    await a.release(renewed!);
    const second = await b.acquire(0);
    expect(second).toMatchObject({ node: 'b', epoch: 2 });
    // a stale holder can neither renew nor release what it lost
    expect(await a.renew(first!)).toBeNull();
    await a.release(first!);
    expect((await b.holders(1)).get(0)).toEqual({ node: 'b', epoch: 2 });
  });

  it('balances shards over live nodes, rebalances when one joins, and survivors take a dead node\'s shards after the ttl', async () => {
    const ttlMs = 1_200;
    const shards = 8;
    const owners = new Map<number, string>();
    const keeper = async (node: string) => {
      const leases = await ShardLeases.open(nc, { world: `${world}b`, node, ttlMs });
      return new LeaseKeeper(leases, shards, { gained: (s) => void owners.set(s, node), lost: (s) => void (owners.get(s) === node && owners.delete(s)) });
    };
    const [n1, n2] = [await keeper('n1'), await keeper('n2')];
    const rounds = async (ks: LeaseKeeper[], n = 3) => {
      for (let i = 0; i < n; i++) for (const k of ks) await k.round();
    };
    await rounds([n1, n2]);
    expect([n1.held.size, n2.held.size]).toEqual([4, 4]);
    const n3 = await keeper('n3');
    await rounds([n1, n2, n3]);
    expect([n1.held.size, n2.held.size, n3.held.size].sort()).toEqual([2, 3, 3]);
    // n2 dies: it stops renewing, without releasing anything
    const orphaned = [...n2.held.keys()];
    const died = Date.now();
    await n2.stop();
    // the survivors' rounds take the orphans once the leases expire (gained() re-points the owner)
    while ([...owners.values()].includes('n2') && Date.now() - died < 10 * ttlMs) {
      await sleep(200);
      await rounds([n1, n3], 1);
    }
    const regained = Date.now() - died;
    expect(n1.held.size + n3.held.size).toBe(shards);
    for (const s of orphaned) expect(['n1', 'n3']).toContain(owners.get(s));
    expect(regained).toBeLessThan(5_000);
    await n1.stop({ release: true });
    await n3.stop({ release: true });
    await ShardLeases.destroy(nc, `${world}b`);
  }, 30_000);
});
