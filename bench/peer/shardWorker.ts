import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createActor, type AnyActorRef } from 'xstate';
import { Packr } from 'msgpackr';
import { kinds } from '../fixtures/catalogue.ts';
import { parseActorId, shardOf } from '../../runtime/actorId.ts';
import { seedFor } from '../../machines/kit/random.ts';
import type { Mail, PeerSetup, TickOrder } from './protocol.ts';

/**
 * Prototype shard host (issue #14, step 3, not wired into the runtime): this worker owns the shards
 * `shard % workers === index`, with their actors and mailboxes. Each tick it delivers the mail it holds, sends
 * mail for other workers straight to them (one msgpackr buffer per peer per tick, transferred) and tells the
 * conductor it is done. Mail is delivered ordered by (sender shard, sender shard's sequence), which does not
 * depend on how many workers there are.
 */
const { index, workers, shards, worldSeed } = workerData as PeerSetup;
const kindOf = new Map(kinds.map((k) => [k.kind, k]));
const packr = new Packr({ structuredClone: false, useRecords: true });
const actors = new Map<string, AnyActorRef>();
let peers: (MessagePort | null)[] = [];
/** mail sent at tick t (delivered at t + 1), from this worker and from peers: a fast peer may already be a tick ahead */
const inbox = new Map<number, Mail[]>();
const inboxOf = (tick: number): Mail[] => {
  let list = inbox.get(tick);
  if (!list) inbox.set(tick, (list = []));
  return list;
};
const received = new Map<number, number>(); // tick → peer batches received
let waiting: (() => void) | null = null;
let speaking = '';
let outputs: { to: string; event: Record<string, unknown> }[] = [];

function actor(id: string): AnyActorRef {
  let a = actors.get(id);
  if (a) return a;
  const { kind, key } = parseActorId(id)!;
  const k = kindOf.get(kind)!;
  a = createActor(k.logic, { input: { id, key, seed: seedFor(worldSeed, id), now: 0, ...k.input?.(key) } });
  a.on('*', (e: { type: string; to?: string; event?: Record<string, unknown> }) => {
    if (e.type === 'midgard.send') outputs.push({ to: e.to!, event: e.event! });
  });
  a.start();
  actors.set(id, a);
  return a;
}

function onPeerBatch(data: Uint8Array): void {
  const { tick, mail } = packr.unpack(data) as { tick: number; mail: Mail[] };
  const list = inboxOf(tick);
  for (const m of mail) list.push(m);
  received.set(tick, (received.get(tick) ?? 0) + 1);
  waiting?.();
}

async function allPeersIn(tick: number): Promise<void> {
  while ((received.get(tick) ?? 0) < workers - 1) await new Promise<void>((resolve) => (waiting = resolve));
  waiting = null;
  received.delete(tick);
}

async function runTick({ tick, external }: TickOrder): Promise<{ delivered: number; sent: number; waitMs: number; busyMs: number }> {
  const t0 = performance.now();
  if (tick > 1) await allPeersIn(tick - 1);
  const t1 = performance.now();
  const mail = inbox.get(tick - 1) ?? [];
  inbox.delete(tick - 1);
  if (external) for (const m of packr.unpack(external) as Mail[]) mail.push(m);
  // [to, event, from, fromShard, seq]: external mail has fromShard -1, ordered by the conductor's seq
  mail.sort((a, b) => a[3] - b[3] || a[4] - b[4]);
  const out: Mail[][] = Array.from({ length: workers }, () => []);
  const seqOf = new Map<number, number>();
  const now = tick * 1000;
  for (const [to, event, from] of mail) {
    speaking = to;
    outputs = [];
    actor(to).send({ ...event, meta: { now, tick, from } } as never);
    if (!outputs.length) continue;
    const shard = shardOf(speaking, shards);
    for (const o of outputs) {
      const seq = (seqOf.get(shard) ?? 0) + 1;
      seqOf.set(shard, seq);
      out[shardOf(o.to, shards) % workers]!.push([o.to, o.event, speaking, shard, seq]);
    }
  }
  let sent = 0;
  for (let w = 0; w < workers; w++) {
    sent += out[w]!.length;
    if (w === index) {
      const list = inboxOf(tick);
      for (const m of out[w]!) list.push(m);
      continue;
    }
    const packed = packr.pack({ tick, mail: out[w] });
    const own = Uint8Array.prototype.slice.call(packed);
    peers[w]!.postMessage(own, [own.buffer as ArrayBuffer]);
  }
  return { delivered: mail.length, sent, waitMs: t1 - t0, busyMs: performance.now() - t1 };
}

function worldPart(): [string, string][] {
  return [...actors].map(([id, a]) => [id, createHash('sha256').update(JSON.stringify(a.getPersistedSnapshot())).digest('hex')]);
}

parentPort!.on('message', async (msg: { op: 'peers'; ports: (MessagePort | null)[] } | ({ op: 'tick' } & TickOrder) | { op: 'hash' } | { op: 'stats' }) => {
  if (msg.op === 'peers') {
    peers = msg.ports;
    for (const p of peers) p?.on('message', onPeerBatch);
    parentPort!.postMessage({ op: 'ready' });
  } else if (msg.op === 'tick') {
    parentPort!.postMessage({ op: 'done', ...(await runTick(msg)) });
  } else if (msg.op === 'hash') {
    parentPort!.postMessage({ op: 'hash', part: worldPart() });
  } else {
    setFlagsFromString('--expose-gc'); // worker threads refuse it in execArgv (as in runtime/handleTask.ts)
    (runInNewContext('gc') as () => void)();
    parentPort!.postMessage({ op: 'stats', actors: actors.size, heapUsed: process.memoryUsage().heapUsed });
  }
});
