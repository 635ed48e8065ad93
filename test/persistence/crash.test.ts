import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../persistence/database.ts';
import { killMidgard, startMidgard, type MidgardProcess } from './midgardProcess.ts';
import { uniqueSchema } from './pgTargets.ts';
import { freePort } from '../support/freePort.ts';

/**
 * The crash-safety test: `midgard start` on real Postgres, a stream of game events, SIGKILL in the
 * middle, a restart. Every player gets one `custom {kind: 'help'}` event per batch; each is one deed for the
 * player's karma actor, so the actor's `deeds` counter says exactly how many times events took effect.
 */
const KEY = 'crash-test-bridge-key';
const PLAYERS = Array.from({ length: 40 }, (_, i) => 150_001 + i);
const BATCHES_BEFORE_KILL = 24;
const BATCHES_AFTER_RESTART = 6;

function batch(n: number) {
  return PLAYERS.map((player) => ({
    event_id: `crash-${n}-${player}`,
    event_type: 'custom',
    player_id: player,
    map: 'prontera',
    timestamp: 1_732_628_400_000 + n * 1000,
    priority: 'normal',
    payload: { kind: 'help', batch: n },
  }));
}

async function dispatch(url: string, n: number): Promise<{ status: number; body: { accepted: number; duplicates: number; throttled: number } }> {
  const res = await fetch(`${url}/api/v1/events/dispatch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': KEY },
    body: JSON.stringify({ events: batch(n) }),
  });
  return { status: res.status, body: (await res.json()) as never };
}

async function leasePending(url: string): Promise<string[]> {
  const res = await fetch(`${url}/api/v1/actions/pending?limit=500`, { headers: { 'x-api-key': KEY } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { actions: { action_id: string }[] }).actions.map((a) => a.action_id);
}

function findDeeds(snapshot: unknown): number | undefined {
  if (snapshot === null || typeof snapshot !== 'object') return undefined;
  const record = snapshot as Record<string, unknown>;
  if (typeof record.deeds === 'number' && typeof record.player === 'number') return record.deeds;
  for (const value of Object.values(record)) {
    const found = findDeeds(value);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * On real Postgres when DATABASE_URL is set (the requirement); otherwise on the embedded default, a
 * PGlite data directory that the killed process was writing to.
 */
const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';

describe(`crash safety: midgard start, SIGKILL mid-stream, restart (${engine})`, () => {
  const schema = uniqueSchema('crash');
  let dataDir: string | undefined;
  let db: Database | undefined;
  let midgard: MidgardProcess | undefined;
  afterAll(async () => {
    if (midgard) await killMidgard(midgard, 'SIGKILL');
    if (db) {
      if (engine === 'postgres') await db.sql`drop schema if exists ${db.sql(schema)} cascade`;
      await db.close();
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  /** the test's own view of the database, only while no midgard process holds it (PGlite is single-process) */
  const openOwn = () => openDatabase(engine === 'postgres' ? { url: process.env.DATABASE_URL, schema, max: 2 } : { url: '', dataDir, schema });

  it('loses no acknowledged event, applies each once, never re-offers a leased action, resumes from snapshots', async () => {
    const port = await freePort();
    if (engine === 'pglite') dataDir = await mkdtemp(join(tmpdir(), 'midgard-crash-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: process.env.DATABASE_URL ?? '',
      MIDGARD_DATA_DIR: dataDir ?? '',
      MIDGARD_DB_SCHEMA: schema,
      REDIS_URL: '',
      MIDGARD_PORT: String(port),
      MIDGARD_HOST: '127.0.0.1',
      MIDGARD_API_KEYS: KEY,
      MIDGARD_WORKERS: '1',
      MIDGARD_NPCS: '2',
      MIDGARD_TICK_MS: '50',
      // a checkpoint every 2 s: the kill lands well after the last one, so restart must replay the journal
      MIDGARD_CHECKPOINT_TICKS: '40',
      MIDGARD_LOG_LEVEL: 'info',
      ANTHROPIC_API_KEY: '',
      GROQ_API_KEY: '',
    };
    midgard = await startMidgard(env, port);

    // stream, ~5 batches a second: under the per-player limit of 10 events/s
    const acked = new Set<string>();
    let leasedBeforeKill: string[] = [];
    for (let n = 0; n < BATCHES_BEFORE_KILL; n++) {
      const { status, body } = await dispatch(midgard.url, n);
      expect(status).toBe(200);
      expect(body.throttled).toBe(0);
      for (const e of batch(n)) acked.add(e.event_id);
      if (n === 20) leasedBeforeKill = await leasePending(midgard.url);
      if (n < BATCHES_BEFORE_KILL - 1) await new Promise((r) => setTimeout(r, 200));
    }
    // karma 3 per help, hero at 50: by batch 20 every player has crossed and earned one reward action
    expect(leasedBeforeKill.length).toBeGreaterThan(0);

    // one more batch in flight when the process dies: never acknowledged, so the bridge will retry it
    const inFlight = dispatch(midgard.url, BATCHES_BEFORE_KILL).catch(() => null);
    await new Promise((r) => setTimeout(r, 5));
    await killMidgard(midgard, 'SIGKILL');
    const inFlightResult = await inFlight;
    if (inFlightResult?.status === 200) for (const e of batch(BATCHES_BEFORE_KILL)) acked.add(e.event_id);

    db = await openOwn();
    const journaled = new Set((await db.sql<{ key: string }[]>`select key from event_journal`).map((r) => r.key));
    const lost = [...acked].filter((id) => !journaled.has(id));
    expect(lost).toEqual([]);
    // the crash did interrupt something: acknowledged events exist that no checkpoint covered yet
    const [applied] = await db.sql<{ value: number }[]>`select value from counters where name = 'journal_applied'`;
    expect(applied!.value).toBeGreaterThan(0);
    expect(applied!.value).toBeLessThan(journaled.size);
    const leasedRows = await db.sql<{ action_id: string; status: string }[]>`
      select action_id, status from action_outbox where action_id = any(${leasedBeforeKill}::text[])`;
    expect(leasedRows).toHaveLength(leasedBeforeKill.length);
    expect(leasedRows.every((r) => r.status === 'leased')).toBe(true);

    if (engine === 'pglite') {
      await db.close();
      db = undefined;
    }
    midgard = await startMidgard(env, port);
    expect(midgard.logs.some((l) => l.msg === 'midgard is running' && l.restored === true)).toBe(true);
    const offeredAgain = (await leasePending(midgard.url)).filter((id) => leasedBeforeKill.includes(id));
    expect(offeredAgain).toEqual([]);

    // the bridge retries what was in flight, then the stream goes on
    for (let n = BATCHES_BEFORE_KILL; n <= BATCHES_BEFORE_KILL + BATCHES_AFTER_RESTART; n++) {
      const { status, body } = await dispatch(midgard.url, n);
      expect(status).toBe(200);
      expect(body.throttled).toBe(0);
      await new Promise((r) => setTimeout(r, 200));
    }
    await killMidgard(midgard, 'SIGTERM'); // clean stop: last checkpoint written
    await expect(midgard.exited).resolves.toMatchObject({ code: 0 });

    db ??= await openOwn();
    const totalBatches = BATCHES_BEFORE_KILL + BATCHES_AFTER_RESTART + 1;
    expect((await db.sql`select count(*)::int as n from event_journal`)[0]!.n).toBe(totalBatches * PLAYERS.length);
    const snapshots = await db.sql<{ id: string; snapshot: unknown }[]>`
      select id, snapshot from actor_snapshots where id like 'karma:%' order by id`;
    const deeds = Object.fromEntries(snapshots.map((s) => [s.id, findDeeds(s.snapshot)]));
    expect(deeds).toEqual(Object.fromEntries(PLAYERS.map((p) => [`karma:${p}`, totalBatches])));
    // the hero reward is a one-off: a replay after the crash re-derived the same action, it did not add one
    const rewards = await db.sql<{ player: number; n: number }[]>`
      select target_player_id as player, count(*)::int as n from action_outbox
      where action_type = 'give_reward' and payload->>'source' = 'karma' group by 1 order by 1`;
    expect(rewards).toEqual(PLAYERS.map((p) => ({ player: p, n: 1 })));
  }, 180_000);
});
