import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { BENCH_KEY } from '../test/gateway/fixtures/benchServer.ts';

/**
 * `npm run bench -- gateway`: the gateway under load on 127.0.0.1, server and load generator in separate
 * processes (two cores: one each).
 *  (a) baseline: GET /health — what this HTTP stack does with no work at all;
 *  (b) dispatch: POST batches of 50 contract events (unique event ids, spread over players) → events/s and
 *      request latency p50/p95/p99, journal = Postgres when DATABASE_URL is set, else in-memory (named in
 *      the result), and the journal's own count to prove what was accepted;
 *  (c) poll: GET /pending (lease 50) over a pre-filled outbox, then POST /complete;
 *  (c') the same dispatch load against a journal that keeps nothing: the HTTP layer's own ceiling, so the
 *      journal's share of the cost is visible as a ratio;
 *  (d') outbox enqueue → action read off the SSE stream: the gateway's push path alone;
 *  (d) event → action on the stream: a real Runtime (fixture catalogue) behind the gateway; each login event
 *      is dispatched and timed until its reward action arrives on the SSE stream.
 * Every phase is bounded in time or count; the server process is killed at the end whatever happens.
 */

const KEY = BENCH_KEY;
const SERVER = fileURLToPath(new URL('../test/gateway/fixtures/benchServer.ts', import.meta.url));

type Mode = 'stores' | 'ceiling' | 'world';
const PHASE_SECONDS = 4;
const CONNECTIONS = 16;
const LATENCY_SAMPLES = 300;

interface AutocannonResult {
  requests: { total: number };
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface AutocannonInstance {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
type Autocannon = ((opts: Record<string, unknown>, cb: (err: Error | null, r: AutocannonResult) => void) => AutocannonInstance) & {
  track?: unknown;
};
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

// ── load side (this process) ──────────────────────────────────────────────────────────────────────────────

interface Server {
  child: ChildProcess;
  url: string;
  engine: string;
  ask(cmd: Record<string, unknown>): Promise<{ value?: number }>;
}

async function startServer(mode: Mode): Promise<Server> {
  const child = fork(SERVER, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, MIDGARD_BENCH_GATEWAY_CHILD: mode, MIDGARD_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ port: number; engine: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench server did not start in 60 s')), 60_000);
    child.once('message', (m: { port: number; engine: string }) => {
      clearTimeout(timer);
      resolve(m);
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  let next = 0;
  const ask = (cmd: Record<string, unknown>) =>
    new Promise<{ value?: number }>((resolve) => {
      const id = ++next;
      const onMessage = (m: { id?: number; value?: number }) => {
        if (m.id !== id) return;
        child.off('message', onMessage);
        resolve(m);
      };
      child.on('message', onMessage);
      child.send({ ...cmd, id });
    });
  return { child, url: `http://127.0.0.1:${ready.port}`, engine: ready.engine, ask };
}

async function stopServer(server: Server): Promise<void> {
  const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  void server.ask({ cmd: 'stop' });
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function percentiles(samples: number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN);
  const round = (x: number) => Math.round(x * 100) / 100;
  return { p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)) };
}

async function load(opts: Record<string, unknown>): Promise<{ result: AutocannonResult; latency: ReturnType<typeof percentiles>; ok: number }> {
  const samples: number[] = [];
  let ok = 0;
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon({ connections: CONNECTIONS, ...opts }, (err, r) => (err ? reject(err) : resolve(r)));
    instance.on('response', (_c, status, _b, ms) => {
      samples.push(ms);
      if (status >= 200 && status < 300) ok++;
    });
  });
  return { result, latency: percentiles(samples), ok };
}

let eventCounter = 0;
function dispatchBody(): string {
  const events = Array.from({ length: 50 }, () => {
    const n = ++eventCounter;
    return { event_id: `bench-${n}`, event_type: 'monster_kill', player_id: 100_000 + (n % 200_000), map: 'prt_fild08', timestamp: 1732628400000 + n, priority: 'normal', payload: { monster_id: 1002 } };
  });
  return JSON.stringify({ events });
}

/** Outbox enqueue (in the server) → the action read off the SSE stream (here): the push path alone. */
async function pushLatency(server: Server): Promise<ReturnType<typeof percentiles> & { samples: number }> {
  const controller = new AbortController();
  const res = await fetch(`${server.url}/api/v1/actions/stream`, { headers: { 'x-api-key': KEY }, signal: controller.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const arrivals = new Map<string, (at: number) => void>();
  let buffer = '';
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      const at = performance.timeOrigin + performance.now();
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const data = buffer.slice(0, cut).split('\n').find((l) => l.startsWith('data:'));
        buffer = buffer.slice(cut + 2);
        if (data) arrivals.get((JSON.parse(data.slice(5)) as { action_id: string }).action_id)?.(at);
      }
    }
  })();
  await new Promise((r) => setTimeout(r, 100));
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const actionId = `push-${i}`;
    const arrived = new Promise<number>((resolve) => arrivals.set(actionId, resolve));
    const sent = (await server.ask({ cmd: 'enqueueOne', actionId })).value!;
    const timeout = new Promise<null>((r) => setTimeout(() => r(null), 2000).unref());
    const at = await Promise.race([arrived, timeout]);
    if (at !== null) samples.push(at - sent);
  }
  controller.abort();
  await pump;
  return { ...percentiles(samples), samples: samples.length };
}

async function streamLatency(server: Server): Promise<ReturnType<typeof percentiles> & { samples: number }> {
  const controller = new AbortController();
  const res = await fetch(`${server.url}/api/v1/actions/stream`, { headers: { 'x-api-key': KEY }, signal: controller.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const waiting = new Map<number, () => void>();
  let buffer = '';
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const data = buffer.slice(0, cut).split('\n').find((l) => l.startsWith('data:'));
        buffer = buffer.slice(cut + 2);
        if (!data) continue;
        const action = JSON.parse(data.slice(5)) as { action_id: string; target_player_id?: number };
        waiting.get(action.target_player_id ?? -1)?.();
        void fetch(`${server.url}/api/v1/actions/complete`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: JSON.stringify({ action_id: action.action_id, status: 'completed' }) }).catch(() => {});
      }
    }
  })();
  const samples: number[] = [];
  const deadline = Date.now() + 20_000;
  for (let i = 0; i < LATENCY_SAMPLES && Date.now() < deadline; i++) {
    const player = 500_000 + i;
    const arrived = new Promise<void>((resolve) => waiting.set(player, resolve));
    const started = performance.now();
    await fetch(`${server.url}/api/v1/events/dispatch`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify({ events: [{ event_type: 'player_login', player_id: player, map: 'prontera', timestamp: Date.now(), priority: 'normal', payload: { action: 'login' } }] }),
    });
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 2000).unref());
    if ((await Promise.race([arrived, timeout])) === 'timeout') continue;
    samples.push(performance.now() - started);
    waiting.delete(player);
  }
  controller.abort();
  await pump;
  return { ...percentiles(samples), samples: samples.length };
}

/** Dispatches served per journal append, read from the server's own /metrics. */
async function groupingOf(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return Math.round((value('gateway_journal_callers_total') / value('gateway_journal_appends_total')) * 100) / 100;
}

export async function run(): Promise<object> {
  const stores = await startServer('stores');
  let out: Record<string, unknown>;
  try {
    const headers = { 'content-type': 'application/json', 'x-api-key': KEY };
    const baseline = await load({ url: `${stores.url}/health`, duration: PHASE_SECONDS });
    const before = (await stores.ask({ cmd: 'journalSize' })).value ?? 0;
    const dispatch = await load({
      url: stores.url, duration: PHASE_SECONDS,
      requests: [{ method: 'POST', path: '/api/v1/events/dispatch', headers, setupRequest: (req: Record<string, unknown>) => ({ ...req, body: dispatchBody() }) }],
    });
    const journaled = ((await stores.ask({ cmd: 'journalSize' })).value ?? 0) - before;
    const grouping = await groupingOf(stores.url);

    // MemoryOutbox.lease scans every entry ever enqueued, so a huge memory outbox measures that scan instead
    const ACTIONS = stores.engine === 'postgres' ? 100_000 : 20_000;
    await stores.ask({ cmd: 'enqueue', prefix: 'b-', count: ACTIONS });
    const pending = await load({ url: `${stores.url}/api/v1/actions/pending?limit=50`, headers: { 'x-api-key': KEY }, amount: ACTIONS / 50 });
    let completeCounter = 0;
    const complete = await load({
      url: stores.url, amount: 20_000,
      requests: [{ method: 'POST', path: '/api/v1/actions/complete', headers, setupRequest: (req: Record<string, unknown>) => ({ ...req, body: JSON.stringify({ action_id: `b-${completeCounter++ % ACTIONS}`, status: 'completed', message: 'ok' }) }) }],
    });

    out = {
      journal: stores.engine,
      baseline: { requestsPerSec: Math.round(baseline.result.requests.total / baseline.result.duration), ...baseline.latency },
      dispatch: {
        requestsPerSec: Math.round(dispatch.ok / dispatch.result.duration),
        eventsPerSec: Math.round(journaled / dispatch.result.duration),
        journaled, non2xx: dispatch.result.non2xx, errors: dispatch.result.errors, ...dispatch.latency,
        // group commit: dispatches per journal append (1 = no grouping happened)
        dispatchesPerAppend: grouping,
      },
      pending: { requestsPerSec: Math.round(pending.ok / pending.result.duration), actionsPerSec: Math.round((pending.ok * 50) / pending.result.duration), ...pending.latency },
      complete: { requestsPerSec: Math.round(complete.ok / complete.result.duration), non2xx: complete.result.non2xx, ...complete.latency },
    };
  } finally {
    await stopServer(stores);
  }
  const ceiling = await startServer('ceiling');
  try {
    const dispatch = await load({
      url: ceiling.url, duration: PHASE_SECONDS,
      requests: [{ method: 'POST', path: '/api/v1/events/dispatch', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, setupRequest: (req: Record<string, unknown>) => ({ ...req, body: dispatchBody() }) }],
    });
    const accepted = (await ceiling.ask({ cmd: 'journalSize' })).value ?? 0;
    out.dispatchHttpCeiling = { eventsPerSec: Math.round(accepted / dispatch.result.duration), ...dispatch.latency };
  } finally {
    await stopServer(ceiling);
  }
  const world = await startServer('world');
  try {
    out.enqueueToStreamMs = await pushLatency(world);
    out.eventToActionOnStreamMs = await streamLatency(world);
  } finally {
    await stopServer(world);
  }
  const d = out.dispatch as { eventsPerSec: number; p99: number; requestsPerSec: number };
  const c = out.dispatchHttpCeiling as { eventsPerSec: number; p99: number };
  out.ratioJournaledToCeiling = Math.round((d.eventsPerSec / c.eventsPerSec) * 1000) / 1000;
  const b = out.baseline as { requestsPerSec: number };
  const s = out.eventToActionOnStreamMs as { p50: number; p99: number };
  out.ratioDispatchRequestsToBaseline = Math.round((d.requestsPerSec / b.requestsPerSec) * 1000) / 1000;
  out.goals = { eventsPerSec: 50_000, dispatchP99Ms: 25, streamP99Ms: 50 };
  console.log(
    `gateway (${out.journal} journal): dispatch ${d.eventsPerSec} events/s p99 ${d.p99} ms (HTTP-only ceiling ${c.eventsPerSec}/s p99 ${c.p99} ms, ×${out.ratioJournaledToCeiling}), ` +
      `pending ${(out.pending as { actionsPerSec: number }).actionsPerSec} actions/s, enqueue→stream p50 ${(out.enqueueToStreamMs as { p50: number }).p50} ms p99 ${(out.enqueueToStreamMs as { p99: number }).p99} ms, ` +
      `event→action on stream p50 ${s.p50} ms p99 ${s.p99} ms`,
  );
  return out;
}
