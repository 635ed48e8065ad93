import { randomBytes } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Runtime, type RuntimeOptions } from '../runtime/Runtime.ts';
import { encode } from '../runtime/wire.ts';
import { shardOf } from '../runtime/actorId.ts';
import type { HostCommand, HostReport, Mail } from '../runtime/hostProtocol.ts';
import { HostLost } from '../runtime/hostLink.ts';
import { RING } from '../test/runtime/fixtures/catalogue.ts';
import { MailStream } from './MailStream.ts';
import { connectNats, natsUnavailable } from './nats.ts';
import { hostSubject, type SlotRequest } from './slotProtocol.ts';
import { WorldNode } from './WorldNode.ts';
import { localCluster } from './localCluster.ts';
import { requestBig } from './bigRequest.ts';
import { MemorySnapshotStore } from '../persistence/memory/MemorySnapshotStore.ts';

const unavailable = await natsUnavailable();
if (unavailable) console.warn(`cluster/world.test.ts skipped: ${unavailable}`);

const catalogue = new URL('../test/runtime/fixtures/catalogue.ts', import.meta.url);
const SLOTS = 6;
const SHARDS = 32;
const TTL_MS = 1_200;
const TICKS = 40;
const settings = { catalogue, seed: 42, shards: SHARDS, passivateAfterMs: 20_000, snapshotEveryTicks: 7, flushEveryTicks: 13 } satisfies RuntimeOptions;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * The same inputs as test/runtime/determinism.test.ts: gossip storms, dice, timers. `between` runs after each
 * tick, `during` while it runs.
 */
async function drive(runtime: Runtime, between: (tick: number) => Promise<void> = async () => {}, during: (tick: number) => Promise<void> = async () => {}, from = 0): Promise<string> {
  if (from === 0) {
    for (let i = 0; i < RING; i += 8) runtime.send(`relay:${i}`, { type: 'gossip', hops: 4 }, 'test', `g${i}`);
    for (let i = 0; i < 20; i++) {
      runtime.send(`counter:${i}`, { type: 'roll' }, 'test', `r${i}`);
      runtime.send(`counter:${i}`, { type: 'arm', at: Date.UTC(2026, 0, 1) + 1000 * (i + 3) }, 'test', `a${i}`);
    }
  }
  for (let t = from; t < TICKS; t++) {
    if (t % 5 === 0) runtime.send(`counter:${t % 7}`, { type: 'burst', to: `counter:${(t * 3) % 20}` }, 'test', `b${t}`);
    const ticking = runtime.tick();
    await during(t);
    await ticking;
    await between(t);
  }
  if (from === 0) expect(runtime.stats().messagesSent).toBeGreaterThan(200);
  return runtime.worldHash();
}

describe.skipIf(unavailable !== null)('one world over several world nodes', () => {
  const connections: NatsConnection[] = [];
  const nodes: WorldNode[] = [];
  const runtimes: Runtime[] = [];
  const worlds: string[] = [];
  let reference: string;

  afterEach(async () => {
    for (const runtime of runtimes.splice(0)) await runtime.stop().catch(() => {});
    for (const node of nodes.splice(0)) await node.leave().catch(() => {});
    for (const nc of connections.splice(0)) await nc.close().catch(() => {});
  });

  afterAll(async () => {
    const nc = await connectNats();
    for (const world of worlds) await WorldNode.forget(nc, world);
    await nc.close();
  });

  /** `count` nodes of a fresh world, each on its own connection, every slot served; the first is the conductor. */
  async function cluster(count: number, store?: MemorySnapshotStore, maxWaits?: number): Promise<{ world: string; nodes: WorldNode[]; runtime: Runtime }> {
    const world = `w${randomBytes(4).toString('hex')}`;
    worlds.push(world);
    const local = await localCluster({ world, nodes: count, slots: SLOTS, ttlMs: TTL_MS, callTimeoutMs: 2_000, maxWaits });
    nodes.push(...local.nodes);
    connections.push(...local.connections);
    const runtime = await Runtime.create({ ...settings, store, hosts: local.hosts });
    runtimes.push(runtime);
    return { world, nodes: local.nodes, runtime };
  }

  /** The world hash of the same inputs in one process (computed once). */
  async function referenceHash(): Promise<string> {
    if (!reference) {
      const inProcess = await Runtime.create({ ...settings, workers: 0 });
      runtimes.push(inProcess);
      reference = await drive(inProcess);
    }
    return reference;
  }

  it('gives the same world hash with 1, 2 and 3 nodes as one process', async () => {
    await referenceHash();
    for (const count of [1, 2, 3]) {
      const { runtime, nodes: mine } = await cluster(count);
      expect(await drive(runtime)).toBe(reference);
      expect(runtime.stats().workerRebuilds).toBe(0);
      if (count > 1) expect(mine.every((node) => node.slots.length > 0 && node.mail.published > 0)).toBe(true);
    }
  }, 60_000);

  it('goes on when a node dies: its slots move to the survivors and the world ends the same', async () => {
    const { runtime, nodes: mine } = await cluster(3);
    const victim = mine[2]!;
    const lost = victim.slots;
    expect(lost.length).toBeGreaterThan(0);
    const hash = await drive(
      runtime,
      async () => {},
      async (tick) => {
        if (tick !== 15) return;
        await sleep(1); // mid-tick: some of its hosts may have answered, some not
        victim.halt(); // no release: its leases expire after the ttl
        await connections[connections.length - 1]!.close(); // its hosts stop answering
      },
    );
    expect(hash).toBe(reference);
    expect(runtime.stats().workerRebuilds).toBeGreaterThanOrEqual(lost.length);
    expect([...mine[0]!.slots, ...mine[1]!.slots].sort()).toEqual(Array.from({ length: SLOTS }, (_, i) => i));
  }, 60_000);

  it('survives two nodes dying at once in a collecting tick: their slots are rebuilt side by side', async () => {
    const { runtime, nodes: mine } = await cluster(3);
    const dying = [mine[1]!, mine[2]!];
    const lost = dying.flatMap((node) => node.slots);
    const hash = await drive(
      runtime,
      async () => {},
      async (tick) => {
        if (tick !== 6) return; // tick 7 collects (snapshotEveryTicks): some hosts may have finished it, some not
        await sleep(1);
        for (const node of dying) node.halt();
        await Promise.all(connections.slice(-2).map((nc) => nc.close()));
      },
    );
    expect(hash).toBe(reference);
    expect(runtime.stats().workerRebuilds).toBeGreaterThanOrEqual(lost.length);
    expect(mine[0]!.slots.length).toBe(SLOTS);
  }, 60_000);

  /**
   * The interleaving behind real clusters stalling as a node joined: slot X answers tick T and leaves its node
   * (rebalanced away, or its node dies) before the conductor sends it anything else, while slot Y's reply to T is
   * lost with the node. Y is rebuilt and asks X for the batches X sent it: X is gone. Had that counted as "none",
   * nobody would send X's batch of T again (nothing rebuilt X) and Y would wait for it forever: the world
   * stalled with "host slot slow to answer". With `late`, X's reply is lost too, noticed only once Y's rebuild
   * has rebuilt X (a request dropped as its server went, timing out): that must not rebuild X a second time.
   */
  async function peerLostAfterAnswering(late: boolean): Promise<void> {
    const { runtime, nodes: mine } = await cluster(2);
    const victim = mine[1]!;
    const victimConnection = connections[connections.length - 1]!;
    const [x, y] = victim.slots as [number, number];
    const lost = victim.slots;
    let T: number | null = null; // the first tick after the 11th: not a collecting one, so the journals hold some
    type Pool = { links: { call(command: HostCommand): Promise<HostReport> }[]; generations: number[] };
    const pool = (runtime as unknown as { conductor: { hosts: Pool } }).conductor.hosts;
    let answered = 0;
    let othersAnswered!: () => void;
    const others = new Promise<void>((resolve) => (othersAnswered = resolve));
    const hash = drive(runtime, async (tick) => {
      if (tick !== 10) return;
      pool.links.forEach((link, slot) => {
        const call = link.call.bind(link);
        link.call = async (command) => {
          const report = await call(command);
          if (command.op !== 'tick' || command.tick !== (T ??= command.tick)) return report;
          if (slot !== y) {
            if (++answered === SLOTS - 1) othersAnswered();
            if (slot !== x || !late) return report;
            const generation = pool.generations[x]!;
            await until('Y\'s rebuild rebuilds X', () => pool.generations[x]! > generation, 20_000);
            throw new HostLost(`slot ${x}: its reply to tick ${T} was lost, noticed late (test)`);
          }
          await others; // X (and the victim's third slot) answered T; now their node goes, with Y's reply
          victim.halt();
          await victimConnection.close();
          throw new HostLost(`slot ${y}: its reply to tick ${T} went down with its node (test)`);
        };
      });
    });
    const stalled = sleep(30_000).then(() => 'stalled');
    expect(await Promise.race([hash, stalled])).toBe(await referenceHash());
    expect(T).not.toBeNull();
    expect(runtime.stats().workerRebuilds).toBe(lost.length); // X too, though it had nothing in flight; and once
    expect(mine[0]!.slots).toEqual(Array.from({ length: SLOTS }, (_, i) => i));
  }

  it('rebuilds a peer found lost while adopting: a slot let go right after it answered is not taken for one that sent nothing', () => peerLostAfterAnswering(false), 60_000);

  it('rebuilds such a peer once, even when its own reply is found lost only after that', () => peerLostAfterAnswering(true), 60_000);

  it('rebuilds a host that never answers though its node holds it: a batch lost on the way does not stall the world', async () => {
    const { runtime, nodes: mine } = await cluster(2, undefined, 2);
    const holder = mine[1]!;
    const stuck = holder.slots[0]!;
    let dropped = 0;
    const hash = drive(runtime, async (tick) => {
      if (tick !== 10) return;
      // the slot's host never gets the next batch sent to it (say a bug lost it): it waits for it forever
      const transport = (holder as unknown as { mesh: { open: Map<number, { deliver(frame: unknown): void }> } }).mesh.open.get(stuck)!;
      const deliver = transport.deliver.bind(transport);
      transport.deliver = (frame) => (dropped++ ? deliver(frame) : undefined);
    });
    const stalled = sleep(30_000).then(() => 'stalled');
    expect(await Promise.race([hash, stalled])).toBe(await referenceHash()); // its fresh host got the batch from the sender's log
    expect(dropped).toBeGreaterThan(0);
    expect(runtime.stats().workerRebuilds).toBe(1);
    expect(holder.slots).toContain(stuck); // rebuilt where it was: the holder never lost its lease
  }, 60_000);

  it('ignores a host that lost its lease: the conductor moves on, its mail is fenced out', async () => {
    const { world, runtime, nodes: mine } = await cluster(2);
    const [conductor, stale] = [mine[0]!, mine[1]!];
    const staleSlots = stale.slots;
    const staleEpochs = new Map(await Promise.all(staleSlots.map(async (s) => [s, (await stale.leases.holder(s))!.epoch] as const)));
    const nc = connections[connections.length - 1]!;
    const hosts = (runtime as unknown as { conductor: { hosts: { remote: { refresh(): Promise<void>; options: { era: number } } } } }).conductor.hosts.remote;
    const hash = await drive(runtime, async (tick) => {
      if (tick === 10) {
        stale.halt(); // stops renewing but keeps answering on its old epochs: a node paused, then back
        await until('the survivor leases the stale node\'s slots', () => conductor.slots.length === SLOTS);
        await hosts.refresh(); // the conductor sees the new epochs (its own poll would, within a third of the ttl)
      }
      if (tick === 12) {
        // the stale host is told to run the next tick with mail that would change the world if anyone took it
        const slot = staleSlots[0]!;
        const target = Array.from({ length: RING }, (_, i) => `relay:${i}`).find((id) => shardOf(id, SHARDS) % SLOTS === slot)!;
        const external = encode([[target, { type: 'gossip', hops: 6 }, 'intruder', 'x', -1, 1]] satisfies Mail[]);
        const request: SlotRequest = { n: 1_000_000, era: hosts.options.era, epochs: [], command: { op: 'tick', tick: 14, now: Date.UTC(2026, 0, 1) + 14_000, external, collect: false } };
        await requestBig(nc, hostSubject(world, slot, staleEpochs.get(slot)!), encode(request), 300).catch(() => null); // it waits for peers that no longer talk to it
        await sleep(100);
      }
    });
    expect(hash).toBe(reference);
    expect(runtime.stats().workerRebuilds).toBeGreaterThanOrEqual(staleSlots.length);
    expect(conductor.mail.fenced).toBeGreaterThan(0); // the stale host's batches did arrive, and were dropped
  }, 60_000);

  it('rebalances when a node joins mid-run: it takes its share and the world ends the same', async () => {
    const { world, runtime, nodes: mine } = await cluster(1);
    const hash = await drive(runtime, async (tick) => {
      if (tick !== 12) return;
      const nc = await connectNats();
      connections.push(nc);
      const joiner = await WorldNode.join({ nc, world, node: 'late', slots: SLOTS, ttlMs: TTL_MS, callTimeoutMs: 2_000 });
      nodes.push(joiner);
      await until('the new node serves its share', () => joiner.slots.length === SLOTS / 2 && mine[0]!.slots.length === SLOTS / 2);
    });
    expect(hash).toBe(reference);
    expect(runtime.stats().workerRebuilds).toBe(SLOTS / 2); // each moved slot rebuilt once on its new node
    expect(nodes.at(-1)!.mail.published).toBeGreaterThan(0);
  }, 60_000);

  it('hands the conductor role to another node when the conductor dies, which restores the world from its checkpoint', async () => {
    const store = new MemorySnapshotStore(); // stands for Postgres, which outlives the node
    const { runtime, nodes: mine } = await cluster(2, store);
    const [first, second] = [mine[0]!, mine[1]!];
    const took = new Promise<number>((resolve) => second.onConductor((epoch) => resolve(epoch)));
    const CHECKPOINTED = 13; // flushEveryTicks: tick 13 ends with a checkpoint
    await expect(drive(runtime, async (t) => {
      if (t !== CHECKPOINTED - 1) return;
      first.halt();
      await connections[connections.length - 2]!.close(); // the conductor's node dies right after the checkpoint
      throw new Error('conductor gone');
    })).rejects.toThrow('conductor gone');
    const epoch = await took;
    expect(epoch).toBeGreaterThan(first.conductorEpoch ?? 0);
    expect(second.conductorEpoch).toBe(epoch);
    const restored = await Runtime.create({ ...settings, store, restore: true, hosts: second.remoteHosts() });
    runtimes.push(restored);
    expect(restored.clock().tick).toBe(CHECKPOINTED);
    expect(await drive(restored, undefined, undefined, CHECKPOINTED)).toBe(reference);
    expect(second.slots.length).toBe(SLOTS);
  }, 60_000);
});
