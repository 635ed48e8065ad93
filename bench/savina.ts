import { availableParallelism } from 'node:os';
import { createActor, type AnyActorRef } from 'xstate';
import { Runtime } from '../runtime/Runtime.ts';
import type { PlainEvent } from '../runtime/messages.ts';
import { parseActorId } from '../runtime/actorId.ts';
import { seedFor } from '../machines/kit/random.ts';
import { BIG, BIG_PINGS, RING, kinds } from './fixtures/savina.ts';

/**
 * Savina-style workloads (bench/fixtures/savina.ts) through the runtime's public API (send + tick), beside the
 * same machines on raw XState driven by a plain FIFO queue in one thread. A message in the runtime waits for the
 * next tick, so the sequential workloads (ping-pong, ring: one message in flight) measure the cost of a tick,
 * and counting and big measure throughput.
 */
const catalogue = new URL('./fixtures/savina.ts', import.meta.url);
const byKind = new Map(kinds.map((k) => [k.kind, k]));
const quick = !!process.env.BENCH_QUICK;

interface Workload {
  name: string;
  /** the inputs that start it: [to, event] */
  start: [string, PlainEvent][];
}

const HOPS = quick ? 500 : 2000;
const COUNT = quick ? 20_000 : 100_000;
const workloads: Workload[] = [
  { name: 'ping-pong', start: [['pp:a', { type: 'ball', left: HOPS }]] },
  { name: `thread ring (${RING} actors)`, start: [['ring:0', { type: 'token', left: HOPS }]] },
  { name: 'counting', start: Array.from({ length: COUNT }, () => ['count:0', { type: 'inc' }] as [string, PlainEvent]) },
  { name: `big (${BIG} actors × ${BIG_PINGS} pings)`, start: Array.from({ length: BIG }, (_, k) => [`big:${k}`, { type: 'go' }] as [string, PlainEvent]) },
];

/** Raw XState: the same machines, messages delivered by a FIFO queue in this thread. */
function raw(w: Workload): { events: number; seconds: number } {
  const actors = new Map<string, AnyActorRef>();
  const queue: { to: string; event: PlainEvent }[] = [];
  const meta = (from: string) => ({ now: 0, tick: 0, from });
  const actor = (id: string): AnyActorRef => {
    let a = actors.get(id);
    if (a) return a;
    const { kind, key } = parseActorId(id)!;
    const k = byKind.get(kind)!;
    a = createActor(k.logic, { input: { id, key, seed: seedFor(1, id), now: 0, ...k.input?.(key) } });
    a.on('*', (e: { type: string; to?: string; event?: PlainEvent }) => {
      if (e.type === 'midgard.send') queue.push({ to: e.to!, event: { ...e.event!, meta: meta(id) } });
    });
    a.start();
    actors.set(id, a);
    return a;
  };
  const started = performance.now();
  for (const [to, event] of w.start) queue.push({ to, event: { ...event, meta: meta('bench') } });
  let events = 0;
  for (let head = 0; head < queue.length; head++, events++) actor(queue[head]!.to).send(queue[head]!.event as never);
  return { events, seconds: (performance.now() - started) / 1000 };
}

async function viaRuntime(w: Workload, workers: number): Promise<{ events: number; seconds: number; ticks: number }> {
  const runtime = await Runtime.create({ catalogue, workers, passivateAfterMs: 0, snapshotEveryTicks: 1e9, flushEveryTicks: 1e9, maxPerTick: 1e9 });
  const started = performance.now();
  for (const [to, event] of w.start) runtime.send(to, event, 'bench', 'b');
  let ticks = 0;
  for (let last = -1; runtime.stats().eventsDelivered !== last; ticks++) {
    last = runtime.stats().eventsDelivered;
    await runtime.tick();
  }
  const seconds = (performance.now() - started) / 1000;
  const events = runtime.stats().eventsDelivered;
  await runtime.stop();
  return { events, seconds, ticks };
}

export async function run(): Promise<object> {
  const cores = availableParallelism();
  const rate = (x: { events: number; seconds: number }) => Math.round(x.events / x.seconds);
  const rows = [];
  for (const w of workloads) {
    raw(w); // warm the JIT
    const a = raw(w);
    const inline = await viaRuntime(w, 0);
    const pooled = await viaRuntime(w, cores);
    if (inline.events !== a.events || pooled.events !== a.events) throw new Error(`${w.name}: raw delivered ${a.events}, runtime ${inline.events} / ${pooled.events}`);
    rows.push({
      workload: w.name,
      events: a.events,
      rawEventsPerSec: rate(a),
      inlineEventsPerSec: rate(inline),
      workersEventsPerSec: rate(pooled),
      workers: cores,
      ticks: pooled.ticks,
      ratioInline: +(rate(inline) / rate(a)).toFixed(3),
      ratioWorkers: +(rate(pooled) / rate(a)).toFixed(3),
    });
  }
  for (const r of rows) console.log(`savina ${r.workload}: ${r.events} events, raw ${r.rawEventsPerSec}/s, runtime inline ×${r.ratioInline}, ${r.workers} workers ×${r.ratioWorkers} (${r.ticks} ticks)`);
  return { rows };
}
