/**
 * The reliability suite, run by hand (tens of seconds per scenario; not part of `npm test`):
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx test/reliability/run.ts [scenario…]
 *
 * Scenarios: `pg-outage` (Postgres cut for 10 s mid-load, through a proxy), `redis-outage` (Redis cut for
 * 10 s mid-load, through the same kind of proxy), `kill9-pg` (3 × kill -9 and
 * restart under load on Postgres), `kill9-pglite` (2 × on the embedded default), `flood` (1,000 connections at
 * once, half of them with bad keys). Each prints acknowledged / journaled / lost events, actions created /
 * lost / duplicated, and the status codes seen. Goal: 0 lost, 0 duplicated, 0 hung, no 5xx but 503.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMidgard } from '../../app/createMidgard.ts';
import { openDatabase, type Database } from '../../persistence/database.ts';
import { uniqueSchema } from '../persistence/pgTargets.ts';
import { freePort } from '../support/freePort.ts';
import { until } from '../support/until.ts';
import { CuttableProxy } from './CuttableProxy.ts';
import { echoWorld } from './fixtures/world.ts';
import { Loader } from './Loader.ts';

const KEY = 'reliability-key';
const url = process.env.DATABASE_URL;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const baseEnv = { MIDGARD_HOST: '127.0.0.1', MIDGARD_API_KEYS: KEY, MIDGARD_WORKERS: '1', MIDGARD_TICK_MS: '100', MIDGARD_CHECKPOINT_TICKS: '20', REDIS_URL: '', MIDGARD_LOG_LEVEL: 'error', ANTHROPIC_API_KEY: '', GROQ_API_KEY: '' };

interface Report {
  scenario: string;
  sentEvents: number;
  acknowledged: number;
  journaled: number;
  lostEvents: number;
  actions: number;
  lostActions: number;
  duplicatedActions: number;
  hung: number;
  statuses: Record<string, number>;
  notes?: string;
}

/** Every acknowledged event must be journaled and have exactly one action (its payload names the event). */
async function tally(scenario: string, db: Database, loader: Loader, notes?: string): Promise<Report> {
  const sent = [...loader.sent];
  const journaled = new Set((await db.sql<{ key: string }[]>`select key from event_journal where key = any(${sent}::text[])`).map((r) => r.key));
  const messages = async () => (await db.sql<{ m: string }[]>`select payload->>'message' as m from action_outbox`).map((r) => r.m);
  // actions land a tick or a retry after their event: wait (bounded) for the acknowledged ones
  let actions = await messages();
  for (let i = 0; i < 60 && [...loader.acked].some((id) => !actions.includes(id)); i++) {
    await sleep(500);
    actions = await messages();
  }
  const byEvent = new Map<string, number>();
  for (const m of actions) byEvent.set(m, (byEvent.get(m) ?? 0) + 1);
  const acked = [...loader.acked];
  return {
    scenario,
    sentEvents: sent.length,
    acknowledged: acked.length,
    journaled: acked.filter((id) => journaled.has(id)).length,
    lostEvents: acked.filter((id) => !journaled.has(id)).length,
    actions: actions.length,
    lostActions: acked.filter((id) => !byEvent.has(id)).length,
    duplicatedActions: [...byEvent.values()].filter((n) => n > 1).length,
    hung: loader.hung,
    statuses: Object.fromEntries(loader.statuses),
    ...(notes ? { notes } : {}),
  };
}

async function pgOutage(): Promise<Report> {
  if (!url) throw new Error('pg-outage needs DATABASE_URL');
  const target = new URL(url);
  const proxy = await CuttableProxy.start(Number(target.port || 5432), target.hostname);
  const viaProxy = new URL(url);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  const schema = uniqueSchema('rel_outage');
  const midgard = await createMidgard({ world: echoWorld(), schema, env: { ...baseEnv, DATABASE_URL: viaProxy.href, MIDGARD_PORT: '0' } });
  const loader = new Loader(() => midgard.gateway.url, KEY, { batchesPerSecond: 10, eventsPerBatch: 25, players: 500, hangMs: 15_000, prefix: 'pgo' });
  loader.start();
  await sleep(5_000);
  proxy.cut();
  const ready = await fetch(`${midgard.gateway.url}/ready`);
  const readyBody = await ready.text();
  await sleep(10_000);
  proxy.restore();
  await sleep(5_000);
  await loader.stop();
  const db = await openDatabase({ url, schema, max: 2 });
  const report = await tally('pg-outage (10 s cut mid-load)', db, loader, `during the cut /ready said ${ready.status} ${readyBody}; effect retries ${midgard.runtime.effects.failures}`);
  await midgard.close();
  await proxy.close();
  await db.sql`drop schema if exists ${db.sql(schema)} cascade`;
  await db.close();
  return report;
}

/** Redis (cache, pub/sub, rate limits) unreachable for 10 s mid-load: events and actions must not suffer. */
async function redisOutage(): Promise<Report> {
  const redisTarget = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
  const proxy = await CuttableProxy.start(Number(redisTarget.port || 6379), redisTarget.hostname);
  const viaProxy = new URL(redisTarget.href);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  const schema = uniqueSchema('rel_redis');
  const midgard = await createMidgard({
    world: echoWorld(),
    schema,
    redisPrefix: `rel_redis_${Date.now()}:`,
    env: { ...baseEnv, DATABASE_URL: url ?? '', REDIS_URL: viaProxy.href, MIDGARD_PORT: '0' },
    dataDir: null,
  });
  const loader = new Loader(() => midgard.gateway.url, KEY, { batchesPerSecond: 10, eventsPerBatch: 25, players: 500, hangMs: 15_000, prefix: 'rdo' });
  loader.start();
  await sleep(5_000);
  proxy.cut();
  await sleep(1_000);
  const ready = await fetch(`${midgard.gateway.url}/ready`, { signal: AbortSignal.timeout(15_000) }).catch((err: Error) => ({ status: err.name, text: async () => '' }));
  const readyBody = await ready.text();
  await sleep(9_000);
  proxy.restore();
  await sleep(5_000);
  await loader.stop();
  const report = await tally('redis-outage (10 s cut mid-load)', midgard.db, loader, `during the cut /ready said ${ready.status} ${readyBody}; effect retries ${midgard.runtime.effects.failures}`);
  await midgard.close();
  await proxy.close();
  if (url) {
    const db = await openDatabase({ url, schema, max: 1 });
    await db.sql`drop schema if exists ${db.sql(schema)} cascade`;
    await db.close();
  }
  return report;
}

function spawnChild(env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./child.ts', import.meta.url).pathname], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  return child;
}

async function kill9(engine: 'postgres' | 'pglite', cycles: number): Promise<Report> {
  if (engine === 'postgres' && !url) throw new Error('kill9-pg needs DATABASE_URL');
  const schema = uniqueSchema('rel_kill');
  const dataDir = engine === 'pglite' ? await mkdtemp(join(tmpdir(), 'midgard-rel-')) : '';
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = { ...baseEnv, DATABASE_URL: engine === 'postgres' ? url : '', MIDGARD_DATA_DIR: dataDir, MIDGARD_DB_SCHEMA: schema, MIDGARD_PORT: String(port) };
  const up = () => until('the child to be ready', async () => (await fetch(`${base}/ready`).catch(() => null))?.status === 200, { timeoutMs: 120_000, stepMs: 200 });
  let child = spawnChild(env);
  await up();
  const loader = new Loader(() => base, KEY, { batchesPerSecond: engine === 'pglite' ? 4 : 10, eventsPerBatch: 25, players: 500, hangMs: 15_000, prefix: `k9${engine[1]}` });
  loader.start();
  for (let i = 0; i < cycles; i++) {
    await sleep(4_000);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    child = spawnChild(env);
    await up();
  }
  await sleep(4_000);
  await loader.stop();
  let db: Database;
  if (engine === 'pglite') {
    // let the actions land, then stop the child: PGlite is one process at a time
    await sleep(3_000);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    db = await openDatabase({ url: '', dataDir, schema });
  } else db = await openDatabase({ url, schema, max: 2 });
  const report = await tally(`kill9-${engine} (${cycles} × kill -9 under load)`, db, loader);
  if (engine === 'postgres') {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    await db.sql`drop schema if exists ${db.sql(schema)} cascade`;
  }
  await db.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  return report;
}

async function flood(): Promise<Report> {
  const schema = uniqueSchema('rel_flood');
  const midgard = await createMidgard({ world: echoWorld(), schema, env: { ...baseEnv, DATABASE_URL: url ?? '', MIDGARD_PORT: '0' }, dataDir: null });
  const loader = new Loader(() => midgard.gateway.url, KEY, { batchesPerSecond: 5, eventsPerBatch: 25, players: 500, hangMs: 15_000, prefix: 'fl' });
  loader.start();
  const statuses = new Map<string, number>();
  let hung = 0;
  await Promise.all(
    Array.from({ length: 1000 }, async (_, i) => {
      try {
        const res = await fetch(`${midgard.gateway.url}/api/v1/actions/pending`, { headers: { 'x-api-key': i % 2 ? KEY : `guess-${i}` }, signal: AbortSignal.timeout(15_000) });
        await res.body?.cancel();
        statuses.set(String(res.status), (statuses.get(String(res.status)) ?? 0) + 1);
      } catch (err) {
        if ((err as Error).name === 'TimeoutError') hung++;
        statuses.set('error', (statuses.get('error') ?? 0) + 1);
      }
    }),
  );
  await sleep(2_000);
  await loader.stop();
  const report = await tally('flood (1,000 connections at once, half with bad keys)', midgard.db, loader, `flood statuses ${JSON.stringify(Object.fromEntries(statuses))}, flood hung ${hung}`);
  await midgard.close();
  if (url) {
    const db = await openDatabase({ url, schema, max: 1 });
    await db.sql`drop schema if exists ${db.sql(schema)} cascade`;
    await db.close();
  }
  return report;
}

const scenarios: Record<string, () => Promise<Report>> = {
  'pg-outage': pgOutage,
  'redis-outage': redisOutage,
  'kill9-pg': () => kill9('postgres', Number(process.env.CYCLES ?? 3)),
  'kill9-pglite': () => kill9('pglite', 2),
  flood,
};
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(scenarios);
for (const name of chosen) {
  const run = scenarios[name];
  if (!run) throw new Error(`unknown scenario '${name}' (have: ${Object.keys(scenarios).join(', ')})`);
  const started = Date.now();
  const report = await run();
  console.log(JSON.stringify({ ...report, seconds: Math.round((Date.now() - started) / 1000) }));
}
process.exit(0);
