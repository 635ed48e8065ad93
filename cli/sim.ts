import { parseOptions, intOption, UsageError } from './args.ts';
import { plural } from './banner.ts';
import { progressBar } from './progress.ts';
import type { SimStoreKind } from '../world/simStore.ts';
import type { TickPhases } from '../runtime/tickPhases.ts';

export const summary = 'run the world headless in virtual time: --npcs 10000 --days 7 --seed 42 [--json]';

export const usage = `usage: midgard sim [--npcs N] [--days N] [--seed N] [--players N] [--workers N] [--json]
  --npcs N      NPC actors (default 10000)
  --days N      sim-days to run (default 7)
  --seed N      world seed (default 42); same seed ⇒ same summary
  --players N   synthetic players producing game events (default npcs/20, at least 20; none without NPCs)
  --workers N   worker threads (default 0 = main thread: 10k NPCs x 7 days on 2 cores took 36-44 s there,
                40-51 s with 2 workers)
  --store KIND  postgres | pglite | memory (default: postgres when DATABASE_URL is set, else the embedded
                PGlite in memory; memory skips the database, fastest)
  --database-url URL  Postgres for --store postgres (default DATABASE_URL); the sim uses its own schema
  --record FILE write every AI decision of the run to FILE (JSON lines), for --replay
  --replay FILE answer every AI request from a recording instead of asking (same seed ⇒ same world hash)
  --json        print the summary as JSON (default: a short report)
The AI layer is the world's own: offline without ANTHROPIC_API_KEY / GROQ_API_KEY, the real providers with
them (within MIDGARD_AI_DAILY_BUDGET_USD and MIDGARD_AI_CALLS_PER_HOUR). Each answer takes one tick of world
time, whatever the provider's speed, so runs are repeatable.`;

/** Where the ticks' wall time went with workers: what the pool cost (runtime/tickPhases.ts). */
function phasesLine(p: TickPhases): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
  return `ticks: hosts delivering ${s(p.deliver)} (the slowest beyond the fastest ${s(p.imbalance)}), hand-offs ${s(p.toHosts + p.peers + p.reports)} (orders ${s(p.toHosts)}, peers ${s(p.peers)}, reports ${s(p.reports)}), conductor ${s(p.conductor)}`;
}

export async function run(args: string[]): Promise<number> {
  let options;
  let json: boolean;
  let url: string | undefined;
  let storeKind: SimStoreKind;
  let record: string | undefined;
  let replay: string | undefined;
  try {
    const { values, positionals } = parseOptions('sim', args, {
      npcs: { type: 'string' }, days: { type: 'string' }, seed: { type: 'string' }, players: { type: 'string' },
      workers: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, store: { type: 'string' }, 'database-url': { type: 'string' },
      record: { type: 'string' }, replay: { type: 'string' },
    });
    if (values.help) {
      console.log(usage);
      return 0;
    }
    if (positionals.length) throw new UsageError(`midgard sim: unexpected argument '${positionals[0]}'`);
    const npcs = intOption('sim', 'npcs', values.npcs, 10_000, 0, 1_000_000);
    options = {
      npcs,
      days: intOption('sim', 'days', values.days, 7, 1),
      seed: intOption('sim', 'seed', values.seed, 42, 0),
      // players act on NPCs: without NPCs the default is none, so `--npcs 0` reports 0 players, not 20
      players: values.players === undefined ? (npcs === 0 ? 0 : undefined) : intOption('sim', 'players', values.players, 0, 0),
      workers: intOption('sim', 'workers', values.workers, 0, 0),
    };
    json = !!values.json;
    record = values.record;
    replay = values.replay;
    if (record !== undefined && !record) throw new UsageError('midgard sim: --record needs a file name');
    if (replay !== undefined && !replay) throw new UsageError('midgard sim: --replay needs a file name');
    if (record && replay) throw new UsageError('midgard sim: --record and --replay exclude each other');
    url = values['database-url'] ?? process.env.DATABASE_URL;
    storeKind = (values.store ?? (url ? 'postgres' : 'pglite')) as SimStoreKind;
    if (!['memory', 'postgres', 'pglite'].includes(storeKind)) throw new UsageError(`midgard sim: --store must be memory, postgres or pglite, got '${storeKind}'`);
    if (storeKind === 'postgres' && !url) throw new UsageError('midgard sim: --store postgres needs DATABASE_URL or --database-url');
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n\n${usage}`);
      return 2;
    }
    throw err;
  }
  // logs go to stderr; quiet them anyway so a progress bar is not broken up by them (MIDGARD_LOG_LEVEL wins)
  const { log } = await import('../runtime/log.ts');
  if (!process.env.MIDGARD_LOG_LEVEL) log.level = json ? 'silent' : 'warn';
  const { simulateWith } = await import('../world/simulate.ts');
  const { openSimStore } = await import('../world/simStore.ts');
  const { loadRecording, saveRecording } = await import('../world/simAi.ts');
  const { aiRouterFromEnv } = await import('../ai/config.ts');
  const { MemoryDecisionRecorder } = await import('../ai/DecisionRecorder.ts');
  let ai;
  let recorder: InstanceType<typeof MemoryDecisionRecorder> | undefined;
  try {
    if (replay) ai = { replay: await loadRecording(replay) };
    else {
      recorder = record ? new MemoryDecisionRecorder() : undefined;
      ai = { router: await aiRouterFromEnv(process.env, { batchWindowMs: 0, deadlines: false, worldSeed: options.seed, ...(recorder ? { recorder } : {}) }) };
    }
  } catch (err) {
    console.error(`midgard sim: ${(err as Error).message}`);
    return 1;
  }
  let sim;
  try {
    sim = await openSimStore(storeKind, url);
  } catch (err) {
    console.error(`midgard sim: cannot open the ${storeKind} store: ${(err as Error).message}`);
    return 1;
  }
  // the simulation's own wall clock starts inside simulate(); loading code and opening the store come before it
  const startupSeconds = process.uptime();
  let result;
  try {
    const { summary } = await simulateWith({ ...options, store: sim.store, onProgress: progressBar(`simulating ${plural(options.days, 'day')}`), hash: !!(record || replay), ai });
    result = { ...summary, store: storeKind };
  } finally {
    await sim.close();
  }
  if (record && recorder) {
    const saved = await saveRecording(record, recorder);
    console.error(`midgard sim: ${saved} AI decisions recorded to ${record}`);
  }
  if (json) {
    console.log(JSON.stringify(result, null, 2));
    return 0;
  }
  const a = result.agents as Record<string, any>;
  console.log(
    [
      `midgard sim: ${plural(result.npcs, 'NPC')}, ${plural(result.players, 'player')}, ${plural(result.days, 'day')}, seed ${result.seed}, ${result.store} store`,
      `  events: ${result.events.game} game, ${result.events.delivered} delivered, ${result.events.messages} messages, ${result.events.ticks} ticks`,
      `  actions: ${result.actions.total} (${Object.entries(result.actions.byType).map(([k, v]) => `${k} ${v}`).join(', ')}), rejected ${result.actions.rejected}`,
      `  problems solved/failed ${a.problem?.solved}/${a.problem?.failed}, quests ${a.quest?.created} created ${a.quest?.completed} done, chests ${a.treasure?.placed} placed ${a.treasure?.claimed} opened`,
      `  arcs completed ${result.arcs.completed}, chapters broadcast ${result.arcs.chaptersBroadcast}; rumour reached ${result.rumour.reached}/${result.rumour.sampled} sampled NPCs`,
      `  AI: ${result.router?.decisions ?? 0} decisions, ${result.router?.llmCalls ?? 0} model calls, ${result.router?.fallbacks ?? 0} fallbacks; NPC lines ${result.lines.npcDistinct}/${result.lines.npc} distinct${result.hash ? `; world hash ${result.hash.slice(0, 16)}` : ''}`,
      `  wall ${result.wall.seconds}s simulating, ${result.wall.simDaysPerSecond} sim-days/s (${result.wall.speedup}× real time); start-up before it ${startupSeconds.toFixed(1)}s (loading code, opening the store)`,
      ...(result.workers > 0 ? [`  ${phasesLine(result.wall.tickPhases)}`] : []),
    ].join('\n'),
  );
  return 0;
}
