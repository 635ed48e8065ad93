import { simulate, type SimSummary } from '../world/simulate.ts';

/**
 * `npm run bench -- sim`: the whole world (catalogue, router, anti-cheat, synthetic players) on the real runtime,
 * 10k NPCs for one sim-day (BENCH_SIM_NPCS / BENCH_SIM_DAYS override). Goal: ≥ 8,640× real time (a sim-day in
 * ≤ 10 s). Runs on the main thread (the sim's default) and with 2 workers; reports wall and CPU
 * seconds (this machine is shared, so CPU time is the steadier figure) and the ratio between the two.
 */
interface Measured {
  workers: number;
  wallSeconds: number;
  cpuSeconds: number;
  speedup: number;
  eventsDelivered: number;
  eventsPerCpuSecond: number;
  summary: Pick<SimSummary, 'events' | 'actions' | 'rumour' | 'health'>;
}

async function measure(npcs: number, days: number, workers: number): Promise<Measured> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const s = await simulate({ npcs, days, seed: 42, workers });
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    workers,
    wallSeconds: round(wallSeconds),
    cpuSeconds: round(cpuSeconds),
    speedup: Math.round((days * 86_400) / wallSeconds),
    eventsDelivered: s.events.delivered,
    eventsPerCpuSecond: Math.round(s.events.delivered / cpuSeconds),
    summary: { events: s.events, actions: s.actions, rumour: s.rumour, health: s.health },
  };
}

const round = (x: number) => Math.round(x * 100) / 100;

export async function run() {
  const npcs = Number(process.env.BENCH_SIM_NPCS ?? 10_000);
  const days = Number(process.env.BENCH_SIM_DAYS ?? 1);
  const baseline = await measure(npcs, days, 0);
  const pooled = await measure(npcs, days, 2);
  const goal = 8640;
  console.log(
    `sim: ${npcs} NPCs × ${days} day(s): main thread (the default) ${baseline.wallSeconds}s wall = ${baseline.speedup}× real time ` +
      `(goal ${goal}×), ${baseline.cpuSeconds}s CPU, ${baseline.eventsPerCpuSecond} events/CPU-s; 2 workers ${pooled.wallSeconds}s wall = ` +
      `${pooled.speedup}×, ${pooled.cpuSeconds}s CPU (main-thread/workers wall ratio ${round(baseline.wallSeconds / pooled.wallSeconds)})`,
  );
  return {
    npcs, days, goalSpeedup: goal, meetsGoal: baseline.speedup >= goal, meetsGoalWithWorkers: pooled.speedup >= goal,
    baseline, pooled, mainThreadVsWorkersWallRatio: round(baseline.wallSeconds / pooled.wallSeconds),
  };
}
