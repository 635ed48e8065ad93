import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../persistence/database.ts';
import { migrate } from '../persistence/migrate.ts';
import { liveWorld } from '../fork/testing/liveWorld.ts';
import { createFork } from '../fork/createFork.ts';
import { fastForward } from '../fork/fastForward.ts';
import { ForkPlace, type ForkLocation } from '../fork/ForkPlace.ts';
import { log } from '../runtime/log.ts';
import { progressBar } from '../cli/progress.ts';
import { simulate } from '../world/simulate.ts';

/**
 * `npm run bench -- fork`: what a what-if costs. A live world of 10k NPCs (BENCH_FORK_NPCS) runs a few virtual
 * hours (BENCH_FORK_HOURS, so it has a journal, AI decisions and a real checkpoint), then is forked and the fork
 * fast-forwarded 7 days (BENCH_FORK_DAYS) — on Postgres (DATABASE_URL: live schema and fork schema on the same
 * server) and on the embedded default (live PGlite, fork in its own PGlite data dir). Reports fork creation
 * time, fast-forward wall and CPU time and speed (× real time), the ratio of the two stores, and the ratio to
 * `midgard sim` of the same size and days measured in the same run (the machine is shared: CPU seconds and
 * ratios are the figures to read).
 */
const round = (x: number) => Math.round(x * 100) / 100;

async function measure(engine: 'postgres' | 'pglite', npcs: number, hours: number, days: number) {
  const url = engine === 'postgres' ? process.env.DATABASE_URL! : '';
  const schema = `bench_fork_${process.pid}`;
  const dataRoot = engine === 'pglite' ? await mkdtemp(join(tmpdir(), 'bench-fork-')) : null;
  const location: ForkLocation = engine === 'postgres' ? { url } : { dataRoot: dataRoot! };
  const live = await openDatabase({ url, dataDir: null, schema, max: 4 });
  try {
    await migrate(live.sql);
    const t0 = performance.now();
    const world = await liveWorld(live.sql, { npcs, hours, seed: 42, checkpointTicks: 60 });
    const liveSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const { place, info } = await createFork(live.sql, { from: 'latest', seed: 42 }, location);
    const forkSeconds = (performance.now() - t1) / 1000;
    try {
      const cpu0 = process.cpuUsage();
      const report = await fastForward(place, { days, onProgress: progressBar(`${engine}: fast-forward ${days} days`) });
      const cpu = process.cpuUsage(cpu0);
      return {
        engine, npcs, liveHours: hours, liveSeconds: round(liveSeconds), journaled: world.journaled,
        fork: { seconds: round(forkSeconds), actors: info.actors, journal: info.journal.copied, aiDecisions: info.aiDecisions },
        fastForward: {
          days, wallSeconds: report.wall.seconds, cpuSeconds: round((cpu.user + cpu.system) / 1e6), simDaysPerSecond: report.wall.simDaysPerSecond,
          speedup: Math.round((days * 86_400) / report.wall.seconds), actions: report.actions.total, gameEvents: report.events.game, delivered: report.events.delivered,
        },
      };
    } finally {
      await place.close();
      await ForkPlace.drop(location, place.id);
    }
  } finally {
    if (engine === 'postgres') await live.sql`drop schema if exists ${live.sql(schema)} cascade`;
    await live.close();
    if (dataRoot) await rm(dataRoot, { recursive: true, force: true });
  }
}

export async function run() {
  log.level = 'warn';
  const npcs = Number(process.env.BENCH_FORK_NPCS ?? 10_000);
  const hours = Number(process.env.BENCH_FORK_HOURS ?? 2);
  const days = Number(process.env.BENCH_FORK_DAYS ?? 7);
  const engines: ('postgres' | 'pglite')[] = process.env.DATABASE_URL ? ['postgres', 'pglite'] : ['pglite'];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await simulate({ npcs, days, seed: 42, onProgress: progressBar(`midgard sim: ${days} days`) });
  const cpu = process.cpuUsage(cpu0);
  const sim = { wallSeconds: round((performance.now() - t0) / 1000), cpuSeconds: round((cpu.user + cpu.system) / 1e6) };
  const results = [];
  for (const engine of engines) results.push(await measure(engine, npcs, hours, days));
  const [pg, lite] = [results.find((r) => r.engine === 'postgres'), results.find((r) => r.engine === 'pglite')];
  const line = results.map((r) => `${r.engine}: fork ${r.fork.seconds}s (${r.fork.actors} actors), ${days} days in ${r.fastForward.wallSeconds}s (${r.fastForward.speedup}× real time)`).join('; ');
  const vsSim = results.map((r) => `${r.engine} ×${round(r.fastForward.cpuSeconds / sim.cpuSeconds)}`).join(', ');
  console.log(`fork, ${npcs} NPCs: ${line}${pg && lite ? `; embedded/postgres fork ×${round(lite.fork.seconds / pg.fork.seconds)}, fast-forward ×${round(lite.fastForward.wallSeconds / pg.fastForward.wallSeconds)}` : ''}; fast-forward CPU / midgard sim CPU (${sim.cpuSeconds}s): ${vsSim}`);
  return { npcs, days, sim, results };
}
