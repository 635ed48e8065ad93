import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../persistence/database.ts';
import { migrate } from '../../persistence/migrate.ts';
import { liveWorld } from '../../fork/testing/liveWorld.ts';
import { listArchived, pruneArchive } from '../../fork/archive.ts';
import { createFork } from '../../fork/createFork.ts';
import { ForkPlace, type ForkLocation } from '../../fork/ForkPlace.ts';
import { runOn } from '../../fork/whatIf.ts';
import { fastForward, type ForkRunReport } from '../../fork/fastForward.ts';
import { parseOverrides } from '../../fork/overrides.ts';
import { checkpointHash, replayLive } from '../../fork/replay.ts';
import { uniqueSchema } from '../persistence/pgTargets.ts';
import { ForkService } from '../../fork/ForkService.ts';
import { makeHarness, tokenFor } from '../../gateway/testing/harness.ts';

/**
 * Forks of a small live world (60 NPCs, 8 virtual hours, every checkpoint archived), on Postgres when
 * DATABASE_URL is set, else on the embedded default (the live world in memory, forks in a temp data dir).
 */
const URL_ = process.env.DATABASE_URL;
const SEED = 11;
let live: Database;
let location: ForkLocation;
let dataRoot: string | null = null;
let unrouted = 0;
/** forks that were there before (someone's own): never dropped by this suite */
let existing = new Set<string>();
const schema = uniqueSchema('forklive');

async function liveTables() {
  const [j] = await live.sql`select count(*)::int as n, coalesce(md5(string_agg(key || payload::text, ',' order by seq)), '') as h from event_journal`;
  const [o] = await live.sql`select count(*)::int as n, coalesce(md5(string_agg(action_id || status, ',' order by seq)), '') as h from action_outbox`;
  const counters = await live.sql`select name, value from counters order by name`;
  return { j, o, counters };
}

const strip = ({ wall, ...rest }: ForkRunReport) => rest;

beforeAll(async () => {
  live = await openDatabase({ url: URL_ ?? '', dataDir: null, schema, max: 4 });
  await migrate(live.sql);
  if (!URL_) dataRoot = await mkdtemp(join(tmpdir(), 'midgard-forks-'));
  location = URL_ ? { url: URL_ } : { dataRoot: dataRoot! };
  existing = new Set(await ForkPlace.list(location));
  ({ unrouted } = await liveWorld(live.sql, { npcs: 60, hours: 8, seed: SEED, checkpointTicks: 30, archive: true, unrouted: 5 }));
}, 240_000);

afterAll(async () => {
  for (const id of await ForkPlace.list(location).catch(() => [])) if (!existing.has(id)) await ForkPlace.drop(location, id).catch(() => {});
  if (URL_) await live.sql`drop schema if exists ${live.sql(schema)} cascade`;
  await live.close();
  if (dataRoot) await rm(dataRoot, { recursive: true, force: true });
});

describe('forks', () => {
  it('copy the live world and run it without touching the live outbox or journal', async () => {
    const before = await liveTables();
    const { place, info } = await createFork(live.sql, { from: 'latest', seed: SEED }, location);
    try {
      expect(info.actors).toBeGreaterThan(60);
      expect(unrouted).toBeGreaterThan(0);
      expect(info.journal.afterCheckpoint).toBe(unrouted); // journaled after the last checkpoint: routed by the fork
      const result = await runOn(place, info, { days: 1, overrides: parseOverrides({ economy: { dropFactor: 3 }, inject: [{ at: '20:00', event_type: 'player_login', count: 50 }] }) });
      expect(result.fork.actions.total).toBeGreaterThan(0);
      expect(result.comparison!.differences.length).toBeGreaterThan(0);
      expect(result.html).toContain('<svg');
    } finally {
      await place.close();
      await ForkPlace.drop(location, place.id);
    }
    expect(await liveTables()).toEqual(before);
  }, 240_000);

  it('give the same report when the same fork runs twice, and each override changes what it claims', async () => {
    const { place, info } = await createFork(live.sql, { from: 'latest', seed: SEED }, location);
    try {
      const base = await fastForward(place, { days: 1 });
      const again = await fastForward(place, { days: 1 });
      expect(strip(again)).toEqual(strip(base));

      const priced = await fastForward(place, { days: 1, overrides: parseOverrides({ economy: { priceFactor: 2 } }) });
      expect(Object.keys(priced.economy.items).length).toBeGreaterThan(10);
      for (const [id, item] of Object.entries(priced.economy.items)) expect(item.base).toBeCloseTo(base.economy.items[id]!.base * 2, 1);

      const paused = await fastForward(place, { days: 1, overrides: parseOverrides({ pause: ['boss'] }) });
      expect(base.actions.byAgent.boss ?? 0).toBeGreaterThan(0); // the boss rises at 20:00
      expect(paused.actions.byAgent.boss ?? 0).toBe(0);

      const crowded = await fastForward(place, { days: 1, overrides: parseOverrides({ inject: [{ at: '20:00', event_type: 'player_login', count: 300 }] }) });
      expect(crowded.events.injected).toBe(300);
      expect(crowded.events.delivered).toBeGreaterThan(base.events.delivered);

      const hunted = await fastForward(place, { days: 1, overrides: parseOverrides({ spawnRate: 2 }) });
      expect(hunted.events.game).toBeGreaterThan(base.events.game);

      const dropped = await fastForward(place, { days: 1, overrides: parseOverrides({ economy: { dropFactor: 20 } }) });
      expect(dropped.economy.priceIndex).toBeLessThan(base.economy.priceIndex); // more supply, lower prices
      expect(info.seed).toBe(SEED);
    } finally {
      await place.close();
      await ForkPlace.drop(location, place.id);
    }
  }, 400_000);

  it("replay from a checkpoint reproduces the live world's hash at its next checkpoint", async () => {
    const archived = await listArchived(live.sql);
    expect(archived.length).toBeGreaterThan(4);
    const [c1, c2] = [archived[3]!, archived[4]!];
    const next = await checkpointHash(live.sql, { checkpoint: c2.id }, location, SEED);
    expect(next.mark).not.toBeNull();
    const replayed = await replayLive(live.sql, { checkpoint: c1.id, tick: c2.id, n: next.mark!.n, seed: SEED, actors: ['economy:main'] }, location);
    expect(replayed.inputs).toBeGreaterThan(0);
    expect(replayed.to.tick).toBe(c2.id);
    expect(replayed.hash).toBe(next.hash);
    expect((await checkpointHash(live.sql, { checkpoint: c1.id }, location, SEED)).hash).not.toBe(next.hash); // the world did move
    expect(replayed.actors['economy:main']?.kind).toBe('economy');
  }, 240_000);

  it('fork from a moment between two checkpoints: the earlier one replayed to it, the journal cut there', async () => {
    const archived = await listArchived(live.sql);
    const c = archived[5]!;
    const at = new Date(c.now + 10 * 60_000).toISOString();
    const { place, info } = await createFork(live.sql, { from: { time: at }, seed: SEED }, location);
    try {
      expect(info.checkpoint.tick).toBe(c.id);
      expect(info.replayedTo).toMatchObject({ tick: c.id + 10, now: c.now + 10 * 60_000 });
      expect(info.replayedTo!.journalSeq).toBeGreaterThanOrEqual(c.journalSeq);
      const [head] = await place.sql<{ value: number }[]>`select value from counters where name = 'event_journal'`;
      expect(head!.value).toBe(info.replayedTo!.journalSeq);
    } finally {
      await place.close();
      await ForkPlace.drop(location, place.id);
    }
    const forked = await checkpointHash(live.sql, { time: at }, location, SEED);
    const replayed = await replayLive(live.sql, { checkpoint: c.id, tick: c.id + 10, seed: SEED }, location);
    expect(forked.hash).toBe(replayed.hash);
  }, 240_000);

  it('run from the admin API: bad overrides are refused with the reason, a good fork runs and serves its HTML report', async () => {
    const forks = new ForkService({ live: live.sql, location, seed: SEED, mode: 'inline' });
    const { app, audit } = makeHarness({}, { forks });
    const headers = { authorization: `Bearer ${await tokenFor('admin')}`, 'content-type': 'application/json' };
    const post = (body: unknown) => app.request('/api/v1/admin/forks', { method: 'POST', headers, body: JSON.stringify(body) });
    const before = (await ForkPlace.list(location)).length;

    const bad = await post({ days: 1, overrides: { economy: { dropFactor: -2 } } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/economy\.dropFactor must be > 0/);
    expect((await post({ from: 'yesterday', days: 1 })).status).toBe(400);
    expect((await post({ from: '999999', days: 1 })).status).toBe(400); // no such archived checkpoint
    expect((await ForkPlace.list(location)).length).toBe(before); // nothing was copied

    const started = await post({ days: 1, overrides: { spawnRate: 2 } });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    expect((await forks.settled(id)).state).toBe('done');
    const job = (await (await app.request(`/api/v1/admin/forks/jobs/${id}`, { headers })).json()) as { summary: { differences: number } };
    expect(job.summary.differences).toBeGreaterThan(0);
    const html = await app.request(`/api/v1/admin/forks/jobs/${id}/report.html`, { headers });
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('spawnRate=2');
    expect((await app.request('/api/v1/admin/forks/jobs/' + id + '/report.html')).status).toBe(401);
    expect((await audit.recent(10)).map((a) => a.action_type)).toContain('fork.start');

    const checkpoints = (await (await app.request('/api/v1/admin/forks/checkpoints', { headers })).json()) as { checkpoints: { id: number }[] };
    const [c1, c2] = checkpoints.checkpoints.slice(1, 3);
    const replay = await app.request('/api/v1/admin/forks/replays', { method: 'POST', headers, body: JSON.stringify({ checkpoint: c1!.id, tick: c2!.id, actors: ['boss:main'] }) });
    expect(replay.status).toBe(202);
    const replayId = ((await replay.json()) as { id: string }).id;
    expect((await forks.replaySettled(replayId)).state).toBe('done');
    const replayed = (await (await app.request(`/api/v1/admin/forks/replays/${replayId}`, { headers })).json()) as { result: { to: { tick: number }; actors: Record<string, { kind: string }> } };
    expect(replayed.result.to.tick).toBe(c2!.id);
    expect(replayed.result.actors['boss:main']?.kind).toBe('boss');
    expect((await app.request('/api/v1/admin/forks/replays', { method: 'POST', headers, body: JSON.stringify({ checkpoint: 999_999, tick: 1 }) })).status).toBe(400);
  }, 240_000);

  // last: it forgets most of the archive the tests above used
  it('prunes the archive and the inputs no replay can reach any more', async () => {
    expect(await pruneArchive(live.sql, 2)).toBeGreaterThan(0);
    const left = await listArchived(live.sql);
    expect(left).toHaveLength(2);
    const [row] = await live.sql<{ min: number }[]>`select min(tick)::int as min from input_log`;
    expect(row!.min).toBeGreaterThanOrEqual(left[0]!.id);
  });
});
