import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase, type Database } from '../persistence/database.ts';
import { migrate } from '../persistence/migrate.ts';
import { PgJournal } from '../persistence/pg/PgJournal.ts';
import { PgSnapshotStore } from '../persistence/pg/PgSnapshotStore.ts';
import type { GameEvent, StoredActor } from '../persistence/types.ts';

/**
 * Snapshot 100k dirty actors and restore them, on real Postgres and on PGlite; journal append rate in batches
 * of 50 (the bridge's flush size). Each engine is measured against its own baseline in the same run — one
 * actor per statement, one event per append — because absolute numbers on a shared 2-core box are noise.
 * Goal (real Postgres): 100k written ≤ 1 s, restored ≤ 3 s. Restore is timed twice: full rows, and without
 * snapshots (`loadAll(…, { snapshots: false })`, what a runtime that revives actors lazily needs).
 */
const ACTORS = Number(process.env.BENCH_ACTORS ?? 100_000);
const BASELINE_ACTORS = 2_000;
const JOURNAL_BATCHES = 200;

/** A snapshot shaped like an NPC's persisted XState snapshot (~450 bytes of JSON). */
function npc(i: number, version: number): StoredActor {
  const id = `npc:${i}`;
  return {
    id,
    kind: 'npc',
    version,
    snapshot: {
      status: 'active',
      value: { working: 'gathering' },
      historyValue: {},
      children: {},
      context: {
        name: `Villager ${i}`,
        map: 'prontera',
        x: i % 300,
        y: (i * 7) % 300,
        mood: 0.25,
        gold: i % 1000,
        rng: { s0: (i * 2654435761) >>> 0, s1: 12345, s2: 67890, s3: 13579 },
        memory: [{ about: 'player:150001', feeling: 'friendly', at: 1732628400000 }],
        goals: ['trade', 'rest'],
      },
    },
    timers: [{ actorId: id, id: 'wake', event: { type: 'wake' }, due: 1732628460000, every: 60000 }],
    mailbox: [],
    paused: false,
    updatedAt: 1732628400000 + version,
  };
}

function event(i: number): GameEvent {
  return {
    event_id: `bench-${i}`,
    event_type: 'monster_kill',
    player_id: 150000 + (i % 500),
    map: 'prt_fild08',
    timestamp: 1732628400000 + i,
    priority: 'normal',
    payload: { monster_id: 1002 },
  };
}

async function measure<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

/** Runs `work` REPEATS times and keeps the fastest run; `prepare` makes each run's input, untimed. */
async function best<I, T>(prepare: () => I | Promise<I>, work: (input: I) => Promise<T>): Promise<{ ms: number; value: T }> {
  let fastest: { ms: number; value: T } | null = null;
  for (let i = 0; i < REPEATS; i++) {
    const input = await prepare();
    const run = await measure(() => work(input));
    if (!fastest || run.ms < fastest.ms) fastest = run;
  }
  return fastest!;
}

async function benchEngine(db: Database) {
  await migrate(db.sql);
  const store = new PgSnapshotStore(db.sql);

  // baseline: one upsert statement per actor
  const baseline = await measure(async () => {
    for (let i = 0; i < BASELINE_ACTORS; i++) await store.save([npc(1_000_000 + i, 1)]);
  });
  const perActorMsBaseline = baseline.ms / BASELINE_ACTORS;

  const actors = Array.from({ length: ACTORS }, (_, i) => npc(i, 1));
  const firstWrite = await measure(() => store.save(actors));
  // best of REPEATS: on a shared box the minimum is the measurement, the rest is other people's load
  let version = 1;
  // between checkpoints autovacuum clears the dead rows each rewrite leaves; back to back, the bench must
  const vacuum = () => db.sql`vacuum actor_snapshots`.simple();
  const rewrite = await best(
    async () => {
      await vacuum();
      version++;
      return actors.map((a) => ({ ...a, version, updatedAt: a.updatedAt + version }));
    },
    (dirty) => store.save(dirty), // every row an update: the steady state
  );
  // the same with snapshots serialized beforehand (as workers could do in parallel): the main thread's share
  const rewritePre = await best(
    async () => {
      await vacuum();
      version++;
      return actors.map((a) => ({ ...a, version, snapshot: undefined, snapshotJson: JSON.stringify(a.snapshot) }));
    },
    (dirty) => store.save(dirty),
  );
  await vacuum();
  const restore = await best(
    () => null,
    async () => {
      let n = 0;
      for await (const page of store.loadAll(10_000)) n += page.length;
      return n;
    },
  );
  if (restore.value !== ACTORS + BASELINE_ACTORS) throw new Error(`restored ${restore.value}, expected ${ACTORS + BASELINE_ACTORS}`);
  // what the runtime's restore needs: every row but the snapshots, which it loads when an actor wakes
  const restoreLight = await best(
    () => null,
    async () => {
      let n = 0;
      for await (const page of store.loadAll(10_000, { snapshots: false })) n += page.length;
      return n;
    },
  );
  if (restoreLight.value !== restore.value) throw new Error('light restore saw a different number of actors');

  const journal = new PgJournal(db.sql);
  const single = await measure(async () => {
    for (let i = 0; i < 500; i++) await journal.append([event(10_000_000 + i)]);
  });
  const batched = await measure(async () => {
    for (let b = 0; b < JOURNAL_BATCHES; b++) await journal.append(Array.from({ length: 50 }, (_, i) => event(b * 50 + i)));
  });
  const dupes = await measure(() => journal.append(Array.from({ length: 50 }, (_, i) => event(i))));
  if (dupes.value.duplicates !== 50) throw new Error('duplicate batch was not recognised');

  return {
    engine: db.engine,
    actors: ACTORS,
    snapshotWriteMs: Math.round(firstWrite.ms),
    snapshotRewriteMs: Math.round(rewrite.ms),
    snapshotRewritePreserializedMs: Math.round(rewritePre.ms),
    snapshotRestoreMs: Math.round(restore.ms),
    snapshotRestoreWithoutSnapshotsMs: Math.round(restoreLight.ms),
    snapshotWritesPerSec: Math.round(ACTORS / (rewrite.ms / 1000)),
    singleRowBaselineWritesPerSec: Math.round(1000 / perActorMsBaseline),
    batchedVsSingleRow: +(perActorMsBaseline / (rewrite.ms / ACTORS)).toFixed(1),
    journalEventsPerSecBatch50: Math.round((JOURNAL_BATCHES * 50) / (batched.ms / 1000)),
    journalEventsPerSecSingle: Math.round(500 / (single.ms / 1000)),
    journalBatchVsSingle: +((JOURNAL_BATCHES * 50) / batched.ms / (500 / single.ms)).toFixed(1),
    journalDuplicateBatchMs: +dupes.ms.toFixed(2),
  };
}

export async function run(): Promise<object> {
  // absolute times mean little on a shared 2-core box: record how busy it was
  const loadBefore = +loadavg()[0]!.toFixed(1);
  const results: Record<string, unknown>[] = [];
  const url = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_${process.pid}`;
  let pg: Database | null = null;
  try {
    pg = await openDatabase({ url, schema, max: 4 });
    results.push(await benchEngine(pg));
  } catch (err) {
    results.push({ engine: 'postgres', error: (err as Error).message });
  } finally {
    if (pg) {
      await pg.sql`drop schema if exists ${pg.sql(schema)} cascade`.catch(() => {});
      await pg.close();
    }
  }
  const dir = await mkdtemp(join(tmpdir(), 'midgard-bench-pg-'));
  const lite = await openDatabase({ url: '', dataDir: dir });
  try {
    results.push(await benchEngine(lite));
  } finally {
    await lite.close();
    await rm(dir, { recursive: true, force: true });
  }
  const real = results.find((r) => r.engine === 'postgres' && !r.error) as Record<string, number> | undefined;
  const goal = real && ACTORS === 100_000
    ? { writeWithin1s: real.snapshotRewriteMs <= 1000 && real.snapshotWriteMs <= 1000,
        preserializedWriteWithin1s: real.snapshotRewritePreserializedMs <= 1000, restoreWithin3s: real.snapshotRestoreMs <= 3000, restoreWithoutSnapshotsWithin3s: real.snapshotRestoreWithoutSnapshotsMs <= 3000 }
    : null;
  const line = results
    .map((r) =>
      r.error
        ? `${r.engine}: ${r.error}`
        : `${r.engine}: ${Number(r.actors) / 1000}k write ${r.snapshotWriteMs}/${r.snapshotRewriteMs}/${r.snapshotRewritePreserializedMs} ms (insert/update/pre-serialized, ${r.batchedVsSingleRow}× single-row), restore ${r.snapshotRestoreMs} ms (${r.snapshotRestoreWithoutSnapshotsMs} ms without snapshots), journal ${r.journalEventsPerSecBatch50} ev/s in 50s (${r.journalBatchVsSingle}× single)`,
    )
    .join(' | ');
  const load = `load ${loadBefore}→${loadavg()[0]!.toFixed(1)}`;
  console.log(`persistence (${load}): ${line}${goal ? ` | goal write≤1s ${goal.writeWithin1s ? 'met' : 'MISSED'}, restore≤3s ${goal.restoreWithin3s ? 'met' : 'MISSED'}` : ''}`);
  return { results, goal, loadAverage: { before: loadBefore, after: +loadavg()[0]!.toFixed(1) } };
}
