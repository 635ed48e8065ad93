import { randomBytes } from 'node:crypto';
import { connectNats } from '../cluster/nats.ts';
import { localCluster } from '../cluster/localCluster.ts';
import { MailStream } from '../cluster/MailStream.ts';
import { Runtime, type RuntimeOptions } from '../runtime/Runtime.ts';
import { ROUND, ROUNDS, eventFor } from './fixtures/workload.ts';

/**
 * One world over 1, 2 and 3 world nodes in this process (each node its own NATS connection, 6 host slots),
 * against the in-process host and 2 workers: (a) the per-tick barrier with nothing to do — the conductor's
 * request/reply to every slot plus every slot's batch to every other (in memory on one node, through JetStream
 * across nodes); (b) the bench NPC workload (one event in five is an actor-to-actor message), events per second.
 * All nodes share this process and its two cores: this measures the protocol's cost, not scale-out.
 */
const catalogue = new URL('./fixtures/catalogue.ts', import.meta.url);
const SLOTS = 6;
const EMPTY_TICKS = 200;
const NPCS = 2_000;

const base: RuntimeOptions = { catalogue, seed: 1, passivateAfterMs: 0, snapshotEveryTicks: 1e9, flushEveryTicks: 1e9, maxPerTick: 1000 };

async function measure(runtime: Runtime): Promise<{ emptyTickUs: number; eventsPerSecond: number; messages: number }> {
  for (let i = 0; i < 20; i++) await runtime.tick(); // warm up
  let started = performance.now();
  for (let i = 0; i < EMPTY_TICKS; i++) await runtime.tick();
  const emptyTickUs = ((performance.now() - started) * 1000) / EMPTY_TICKS;
  for (let k = 0; k < NPCS; k++) runtime.send(`npc:${k}`, { type: 'rest' });
  await runtime.tick();
  const before = runtime.stats();
  started = performance.now();
  for (let r = 0; r < ROUNDS; r++) {
    for (const type of ROUND) for (let k = 0; k < NPCS; k++) runtime.send(`npc:${k}`, eventFor(type, k, NPCS), 'bench', 'b');
    await runtime.tick();
  }
  await runtime.tick(); // the last round's messages
  const seconds = (performance.now() - started) / 1000;
  const after = runtime.stats();
  return { emptyTickUs, eventsPerSecond: (after.eventsDelivered - before.eventsDelivered) / seconds, messages: after.messagesSent - before.messagesSent };
}

export async function run(): Promise<object> {
  const rows: Record<string, { emptyTickUs: number; eventsPerSecond: number; messages: number; published?: number }> = {};
  for (const workers of [0, 2]) {
    const runtime = await Runtime.create({ ...base, workers });
    rows[`${workers} workers`] = await measure(runtime);
    await runtime.stop();
  }
  const nc = await connectNats();
  for (const count of [1, 2, 3]) {
    const world = `bench${randomBytes(4).toString('hex')}`;
    const local = await localCluster({ world, nodes: count, slots: SLOTS, ttlMs: 3_000 });
    const runtime = await Runtime.create({ ...base, hosts: local.hosts });
    const row = await measure(runtime);
    rows[`${count} node${count > 1 ? 's' : ''} × ${SLOTS} slots`] = { ...row, published: local.nodes.reduce((n, node) => n + node.mail.published, 0) };
    await runtime.stop();
    await local.close();
    await (await MailStream.open(nc, world)).destroy();
    const { Kvm } = await import('@nats-io/kv');
    for (const bucket of ['leases', 'epochs', 'nodes']) await (await new Kvm(nc).open(`midgard_${bucket}_${world}`)).destroy().catch(() => {});
  }
  await nc.close();
  for (const [name, r] of Object.entries(rows)) {
    console.log(`${name.padEnd(22)} empty tick ${r.emptyTickUs.toFixed(0).padStart(6)} µs   ${r.eventsPerSecond.toFixed(0).padStart(7)} events/s   ${r.messages} messages${r.published !== undefined ? `, ${r.published} batches through JetStream` : ''}`);
  }
  return { slots: SLOTS, npcs: NPCS, emptyTicks: EMPTY_TICKS, rows };
}
