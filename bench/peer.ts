import { createHash } from 'node:crypto';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { performance as perf } from 'node:perf_hooks';
import { Packr } from 'msgpackr';
import { ROUND, ROUNDS, eventFor, raw } from './fixtures/workload.ts';
import { shardOf } from '../runtime/actorId.ts';
import type { Mail } from './peer/protocol.ts';

/**
 * Prototype of issue #14's design, measured beside raw XState on bench/runtime.ts's workload: workers own whole
 * shards and exchange mail directly over MessageChannels (one msgpackr buffer per peer per tick); the main thread
 * only conducts ("tick t" to each worker, wait for each "done") and batches external mail per worker. Not the
 * runtime: no persistence, supervision, pause or inspection — it says what the design buys before it is built.
 */
const SHARDS = 64;
/** A worker's TypeScript entry loads through tsx's API (a .ts Worker entry is refused on Node 20). */
const BOOT = `const { workerData } = require('node:worker_threads');
import(workerData.tsx).then(({ tsImport }) => tsImport(workerData.entry, { parentURL: workerData.entry }));`;

class Conductor {
  private readonly packr = new Packr({ structuredClone: false, useRecords: true });
  private external: Mail[][];
  private seq = 0;
  private tickNo = 0;
  delivered = 0;

  private constructor(private readonly workers: Worker[]) {
    this.external = workers.map(() => []);
  }

  static async create(count: number): Promise<Conductor> {
    const entry = new URL('./peer/shardWorker.ts', import.meta.url).href;
    const workers = Array.from({ length: count }, (_, index) =>
      new Worker(BOOT, { eval: true, workerData: { index, workers: count, shards: SHARDS, worldSeed: 1, entry, tsx: import.meta.resolve('tsx/esm/api') } }),
    );
    // A port pair per pair of workers, handed over at start: afterwards mail never passes through here.
    const ports: (MessagePort | null)[][] = workers.map(() => workers.map(() => null));
    for (let a = 0; a < count; a++) {
      for (let b = a + 1; b < count; b++) {
        const { port1, port2 } = new MessageChannel();
        ports[a]![b] = port1;
        ports[b]![a] = port2;
      }
    }
    const conductor = new Conductor(workers);
    await Promise.all(workers.map((w, i) => conductor.ask(w, { op: 'peers', ports: ports[i] }, ports[i]!.filter((p): p is MessagePort => !!p))));
    return conductor;
  }

  send(to: string, event: Record<string, unknown>, from = 'external'): void {
    this.external[shardOf(to, SHARDS) % this.workers.length]!.push([to, event, from, -1, ++this.seq]);
  }

  /** One tick: O(workers) messages on this thread, plus one encoded buffer of external mail per worker. */
  async tick(): Promise<void> {
    const tick = ++this.tickNo;
    const replies = await Promise.all(
      this.workers.map((w, i) => {
        const mail = this.external[i]!;
        this.external[i] = [];
        const external = mail.length ? Uint8Array.prototype.slice.call(this.packr.pack(mail)) : null;
        return this.ask(w, { op: 'tick', tick, external }, external ? [external.buffer as ArrayBuffer] : []);
      }),
    );
    for (const r of replies) this.delivered += (r as { delivered: number }).delivered;
    if (process.env.BENCH_PEER_TRACE) console.log(tick, replies.map((r) => { const x = r as { delivered: number; waitMs: number; busyMs: number }; return `${x.delivered} in ${Math.round(x.busyMs)} ms (waited ${Math.round(x.waitMs)})`; }).join(' | '));
  }

  async hash(): Promise<string> {
    const parts = (await Promise.all(this.workers.map((w) => this.ask(w, { op: 'hash' })))).flatMap((r) => (r as { part: [string, string][] }).part);
    parts.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  }

  async heap(): Promise<number> {
    return (await Promise.all(this.workers.map((w) => this.ask(w, { op: 'stats' })))).reduce((s: number, r) => s + (r as { heapUsed: number }).heapUsed, 0);
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private ask(worker: Worker, msg: unknown, transfer: (ArrayBuffer | MessagePort)[] = []): Promise<unknown> {
    return new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage(msg, transfer as never);
    });
  }
}


async function viaConductor(n: number, workers: number) {
  const c = await Conductor.create(workers);
  const empty = await c.heap();
  for (let k = 0; k < n; k++) c.send(`npc:${k}`, { type: 'rest' });
  await c.tick(); // every actor created before timing
  const liveBytesPerActor = Math.round(((await c.heap()) - empty) / n);
  // Warm each worker's JIT as raw() warms this thread's: fresh workers ran their first ticks ~1.5× slower.
  for (let r = 0; r < 2; r++) {
    for (const type of ROUND) for (let k = 0; k < n; k++) c.send(`npc:${k}`, eventFor(type, k, n), 'bench');
    await c.tick();
  }
  await c.tick();
  const before = c.delivered;
  const elu = perf.eventLoopUtilization();
  const started = performance.now();
  for (let r = 0; r < ROUNDS; r++) {
    for (const type of ROUND) for (let k = 0; k < n; k++) c.send(`npc:${k}`, eventFor(type, k, n), 'bench');
    await c.tick();
  }
  await c.tick();
  const seconds = (performance.now() - started) / 1000;
  const mainShare = +perf.eventLoopUtilization(elu).utilization.toFixed(2);
  const events = c.delivered - before;
  const hash = await c.hash();
  await c.stop();
  return { events, seconds, mainShare, hash, liveBytesPerActor };
}

export async function run(): Promise<object> {
  const sizes = process.env.BENCH_QUICK ? [10_000] : [10_000, 100_000];
  const rate = (x: { events: number; seconds: number }) => Math.round(x.events / x.seconds);
  const runs = [];
  for (const n of sizes) {
    raw(Math.min(n, 10_000));
    const a = raw(n);
    const byWorkers: Record<string, object> = {};
    const hashes = new Set<string>();
    for (const w of n === sizes[0] ? [1, 2, 4] : [1, 2]) {
      const r = await viaConductor(n, w);
      if (r.events !== a.events) throw new Error(`peer: ${w} workers delivered ${r.events} events, raw ${a.events}`);
      hashes.add(r.hash);
      byWorkers[w] = { eventsPerSec: rate(r), ratioToRaw: +(rate(r) / rate(a)).toFixed(2), mainShare: r.mainShare, liveBytesPerActor: r.liveBytesPerActor };
    }
    if (hashes.size !== 1) throw new Error(`peer: world hash differs with the worker count (${hashes.size} hashes)`);
    runs.push({ actors: n, rawEventsPerSec: rate(a), byWorkers, sameHashAcrossWorkerCounts: true });
  }
  for (const r of runs) {
    const curve = Object.entries(r.byWorkers).map(([w, x]) => `${w} workers ×${(x as { ratioToRaw: number }).ratioToRaw} (main ${Math.round((x as { mainShare: number }).mainShare * 100)} % busy, ${(x as { liveBytesPerActor: number }).liveBytesPerActor} B/actor)`).join(', ');
    console.log(`peer prototype ${r.actors} actors: raw ${r.rawEventsPerSec}/s; ${curve}; same world hash for every worker count`);
  }
  return { runs };
}
