import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { openDatabase } from '../persistence/database.ts';
import { natsUnavailable, connectNats } from '../cluster/nats.ts';
import { WorldNode } from '../cluster/WorldNode.ts';
import { listArchived } from '../fork/archive.ts';
import { checkpointHash, replayLive } from '../fork/replay.ts';
import { MidgardProcess } from './fixtures/processes.ts';

/**
 * `npm run bench -- cluster`: one world on real processes — 2 gateways (`--role gateway`) and 3 world nodes
 * (`--role world`) on this machine's Postgres and NATS JetStream.
 *  (a) failover under load: events go to both gateways, actions are read off both gateways' SSE streams and
 *      completed; a world node that serves host slots (not the conductor) is killed with SIGKILL. Figures: time
 *      until its slots tick again, acknowledged events lost (journaled or routed), actions delivered twice, and
 *      the world hash at the last checkpoint against a single-node replay of the same inputs from the first;
 *  (b) the conductor itself killed: time until the world ticks again on another node;
 *  (c) tick rate and events/s with 1, 2 and 3 world nodes (2 cores: oversubscribed, reported, not tuned to).
 * Every phase is bounded; every process is killed at the end whatever happens.
 */
const KEY = 'bench-cluster-key-0123456789';
const DB = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const LOAD_SECONDS = 24;
const EVENTS_PER_SECOND = 100;

interface Cluster {
  schema: string;
  gateways: MidgardProcess[];
  nodes: MidgardProcess[];
  gatewayUrls: string[];
  nodeUrls: string[];
  stop(): Promise<void>;
}

let nextPort = 18_400;
const tmp = mkdtempSync(join(tmpdir(), 'midgard-bench-cluster-'));

function envFor(schema: string, extra: Record<string, string>): Record<string, string> {
  return {
    DATABASE_URL: DB,
    MIDGARD_DB_SCHEMA: schema,
    MIDGARD_WORLD: schema,
    MIDGARD_API_KEYS: KEY,
    MIDGARD_JWT_SECRET: 'bench-cluster-secret-0123456789',
    MIDGARD_HOST: '127.0.0.1',
    MIDGARD_NPCS: '200',
    MIDGARD_SPEED: '5',
    MIDGARD_CHECKPOINT_TICKS: '10',
    MIDGARD_ARCHIVE_EVERY: '1',
    MIDGARD_ARCHIVE_KEEP: '1000',
    MIDGARD_HOST_SLOTS: '6',
    MIDGARD_LEASE_TTL_MS: '1500',
    MIDGARD_WORKERS: '0',
    MIDGARD_DATA_DIR: join(tmp, schema, 'pg'),
    MIDGARD_EFFECTS_SPILL_DIR: join(tmp, schema, 'spill'),
    MIDGARD_FORKS_DIR: join(tmp, schema, 'forks'),
    ...extra,
  };
}

async function startCluster(schema: string, nodes: number, gateways: number, extra: Record<string, string> = {}): Promise<Cluster> {
  const sql = postgres(DB, { onnotice: () => {} });
  await sql.unsafe(`drop schema if exists ${schema} cascade; create schema ${schema}`);
  await sql.end();
  const worldNodes: MidgardProcess[] = [];
  const nodeUrls: string[] = [];
  for (let i = 1; i <= nodes; i++) {
    const port = nextPort++;
    nodeUrls.push(`http://127.0.0.1:${port}`);
    worldNodes.push(new MidgardProcess(`w${i}`, ['--role', 'world'], envFor(schema, { MIDGARD_PORT: String(port), MIDGARD_NODE: `w${i}`, ...extra })));
  }
  const gatewayProcs: MidgardProcess[] = [];
  const gatewayUrls: string[] = [];
  for (let i = 1; i <= gateways; i++) {
    const port = nextPort++;
    gatewayUrls.push(`http://127.0.0.1:${port}`);
    gatewayProcs.push(new MidgardProcess(`g${i}`, ['--role', 'gateway'], envFor(schema, { MIDGARD_PORT: String(port), ...extra })));
  }
  const cluster: Cluster = {
    schema,
    gateways: gatewayProcs,
    nodes: worldNodes,
    gatewayUrls,
    nodeUrls,
    stop: async () => {
      await Promise.all([...gatewayProcs, ...worldNodes].map((p) => p.stop()));
      const nc = await connectNats();
      await WorldNode.forget(nc, schema);
      await nc.close();
      const sql = postgres(DB, { onnotice: () => {} });
      await sql.unsafe(`drop schema if exists ${schema} cascade`);
      await sql.end();
    },
  };
  try {
    await Promise.all([...gatewayUrls, ...nodeUrls].map((url) => ready(url, 120_000)));
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}

async function ready(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${url}/ready`).catch(() => null);
    if (res?.ok) return;
    if (Date.now() > deadline) throw new Error(`${url} not ready within ${timeoutMs} ms`);
    await sleep(200);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The world's tick as the conductor's health port reports it (null on a node that is not the conductor). */
async function worldTick(urls: string[]): Promise<number | null> {
  for (const url of urls) {
    const body = (await fetch(`${url}/health`).then((r) => (r.ok ? r.json() : null)).catch(() => null)) as { tick?: number | null } | null;
    if (typeof body?.tick === 'number') return body.tick;
  }
  return null;
}

// ── load ──────────────────────────────────────────────────────────────────────────────────────────────────

interface Load {
  acked: Set<string>;
  refused: number;
  failed: number;
  delivered: Map<string, number>;
  stop(): Promise<void>;
}

/** Half clicks on the first 100 NPCs (each answered with a line: one action), half monster kills (none). */
const eventOf = (n: number) => {
  const click = n % 2 === 0;
  return {
    event_id: `bench-${n}`,
    event_type: click ? 'npc_interaction' : 'monster_kill',
    player_id: 150_000 + (n % 500),
    map: click ? 'prontera' : 'prt_fild08',
    timestamp: 1_732_628_400_000 + n,
    priority: 'normal',
    payload: click ? { npc_id: (n / 2) % 100 | 0 } : { monster_id: 1002 },
  };
};

function startLoad(gatewayUrls: string[]): Load {
  const load: Load = { acked: new Set(), refused: 0, failed: 0, delivered: new Map(), stop: async () => {} };
  let running = true;
  const controllers: AbortController[] = [];
  // consumers: every gateway's SSE stream, each action completed as it arrives
  const consumers = gatewayUrls.map(async (url) => {
    const controller = new AbortController();
    controllers.push(controller);
    const res = await fetch(`${url}/api/v1/actions/stream`, { headers: { 'x-api-key': KEY }, signal: controller.signal }).catch(() => null);
    const reader = res?.body?.getReader();
    if (!reader) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        const frames = buffer.split('\n\n');
        buffer = frames.pop()!;
        for (const frame of frames) {
          const data = frame.split('\n').find((l) => l.startsWith('data:'));
          if (!data) continue;
          const action = JSON.parse(data.slice(5)) as { action_id?: string };
          if (!action.action_id) continue;
          load.delivered.set(action.action_id, (load.delivered.get(action.action_id) ?? 0) + 1);
          void fetch(`${url}/api/v1/actions/complete`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: JSON.stringify({ action_id: action.action_id, status: 'completed' }) }).catch(() => {});
        }
      }
    } catch {
      // aborted at the end
    }
  });
  // producers: batches of 10 events, alternating gateways, at EVENTS_PER_SECOND
  let n = 0;
  const producer = (async () => {
    while (running) {
      const started = Date.now();
      const url = gatewayUrls[(n / 10) % gatewayUrls.length | 0]!;
      const events = Array.from({ length: 10 }, () => eventOf(n++));
      const res = await fetch(`${url}/api/v1/events/dispatch`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: JSON.stringify({ events }) }).catch(() => null);
      if (res?.ok) for (const e of events) load.acked.add(e.event_id);
      else load.failed += events.length;
      await sleep(Math.max(0, (10 * 1000) / EVENTS_PER_SECOND - (Date.now() - started)));
    }
  })();
  load.stop = async () => {
    running = false;
    await producer;
    await sleep(3_000); // the last actions reach the streams
    for (const c of controllers) c.abort();
    await Promise.all(consumers);
  };
  return load;
}

// ── phases ────────────────────────────────────────────────────────────────────────────────────────────────

export async function failover(): Promise<Record<string, unknown>> {
  const cluster = await startCluster(`bench_cluster_${process.pid}`, 3, 2);
  try {
    const conductor = await Promise.race(cluster.nodes.map((p) => p.waitFor((l) => l.msg === "this node is now the world's conductor", 60_000).then(() => p)));
    const victim = cluster.nodes.find((p) => p !== conductor)!;
    const load = startLoad(cluster.gatewayUrls);
    await sleep((LOAD_SECONDS / 3) * 1000);
    const killedAt = Date.now();
    victim.kill('SIGKILL');
    const rebuilt = await conductor.waitFor((l) => l.at >= killedAt && l.msg === 'host slot rebuilt', 30_000, 'rebuild of the dead node\'s slots').catch(() => null);
    await sleep(((2 * LOAD_SECONDS) / 3) * 1000);
    await load.stop();
    const db = await openDatabase({ url: DB, schema: cluster.schema });
    const sql = db.sql;
    try {
      // every acknowledged event journaled, and routed once a checkpoint covers it
      const journaled = new Set((await sql<{ event_id: string }[]>`select event_id from event_journal where event_id like 'bench-%'`).map((r) => r.event_id));
      const lostJournal = [...load.acked].filter((id) => !journaled.has(id)).length;
      const deadline = Date.now() + 60_000;
      let unrouted = Infinity;
      while (Date.now() < deadline) {
        const [row] = await sql<{ n: number }[]>`select count(*)::int as n from event_journal where seq > coalesce((select value from counters where name = 'journal_applied'), 0)`;
        unrouted = row!.n;
        if (!unrouted) break;
        await sleep(500);
      }
      const duplicated = [...load.delivered.values()].filter((n) => n > 1).length;
      const archived = await listArchived(sql);
      const location = { url: DB, dataRoot: join(tmp, 'forks') };
      let hash: Record<string, unknown> = { skipped: 'fewer than two archived checkpoints' };
      if (archived.length >= 2) {
        const first = archived[0]!;
        const last = archived.at(-1)!;
        const live = await checkpointHash(sql, { checkpoint: last.id }, location);
        const replayed = await replayLive(sql, { checkpoint: first.id, tick: last.id, n: live.mark?.n }, location);
        hash = { fromTick: first.id, toTick: last.id, cluster: live.hash, singleNodeReplay: replayed.hash, equal: live.hash === replayed.hash };
      }
      return {
        acknowledged: load.acked.size,
        refusedOrFailed: load.failed,
        lostAcknowledged: lostJournal + (Number.isFinite(unrouted) ? unrouted : -1),
        actionsDelivered: load.delivered.size,
        actionsDuplicated: duplicated,
        slotsTickAgainAfterMs: rebuilt ? rebuilt.at - killedAt : null,
        hash,
      };
    } finally {
      await db.close();
    }
  } finally {
    await cluster.stop();
  }
}

export async function conductorLoss(): Promise<Record<string, unknown>> {
  const cluster = await startCluster(`bench_cluster_c_${process.pid}`, 3, 1);
  try {
    const conductor = await Promise.race(cluster.nodes.map((p) => p.waitFor((l) => l.msg === "this node is now the world's conductor", 60_000).then(() => p)));
    await sleep(5_000);
    const before = await worldTick(cluster.nodeUrls);
    const killedAt = Date.now();
    conductor.kill('SIGKILL');
    const others = cluster.nodeUrls.filter((_, i) => cluster.nodes[i] !== conductor);
    const deadline = Date.now() + 30_000;
    let again: number | null = null;
    while (Date.now() < deadline && again === null) {
      const tick = await worldTick(others);
      if (tick !== null && before !== null && tick > before) again = Date.now() - killedAt;
      else await sleep(100);
    }
    return { tickBefore: before, worldTicksAgainAfterMs: again };
  } finally {
    await cluster.stop();
  }
}

export async function scaling(counts = [1, 2, 3]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const nodes of counts) {
    const cluster = await startCluster(`bench_cluster_s${nodes}_${process.pid}`, nodes, 1, { MIDGARD_SPEED: 'max', MIDGARD_NPCS: '2000' });
    try {
      await sleep(5_000);
      const t0 = await worldTick(cluster.nodeUrls);
      const started = Date.now();
      await sleep(10_000);
      const t1 = await worldTick(cluster.nodeUrls);
      if (t1 === t0) for (const n of cluster.nodes) console.error(n.name, JSON.stringify(n.logs.filter((l) => l.level !== 30 || /conductor|rebuilt|ticking|running/.test(String(l.msg))).slice(-12)));
      out[`${nodes} node${nodes > 1 ? 's' : ''}`] = { ticksPerSecond: t0 !== null && t1 !== null ? +((t1 - t0) / ((Date.now() - started) / 1000)).toFixed(1) : null };
    } catch (err) {
      throw Object.assign(err as Error, { logs: cluster.nodes.map((n) => n.logs.filter((l) => l.level !== 30 || /conductor|rebuilt|ticking/.test(String(l.msg)))) });
    } finally {
      await cluster.stop();
    }
  }
  return out;
}

export async function run(): Promise<object> {
  const missing = await natsUnavailable();
  if (missing) {
    console.log(`cluster: skipped — ${missing}`);
    return { skipped: missing };
  }
  try {
    const a = await failover();
    console.log('cluster failover', JSON.stringify(a));
    const b = await conductorLoss();
    console.log('cluster conductor loss', JSON.stringify(b));
    const c = await scaling();
    console.log('cluster scaling', JSON.stringify(c));
    return { failover: a, conductorLoss: b, scaling: c };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
