import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AiRouter } from '../ai/AiRouter.ts';
import { CostTracker, DEFAULT_PRICES } from '../ai/CostTracker.ts';
import { DecisionCache } from '../ai/DecisionCache.ts';
import { buildCall } from '../ai/prompts.ts';
import { CountingProvider } from '../ai/testing/CountingProvider.ts';
import { ProviderError } from '../ai/providers/Provider.ts';
import { recordSimRequests } from '../ai/testing/recordSimRequests.ts';
import { WorldWorkload, type WorkloadOptions } from '../ai/testing/worldWorkload.ts';
import { AI_DECIDE, TIERS, type AiDecision, type AiRequest } from '../ai/types.ts';
import { aiEffectHandler } from '../ai/effectHandler.ts';
import { Runtime } from '../runtime/Runtime.ts';

/**
 * The AI layer under the world's workloads. Every request goes through the real router (rules, cache with
 * similarity, batching, full calls) with a counting fake provider standing in for Groq. Virtual time drives the
 * cache TTL, the budget day and the hourly call limit as a world running at speed 1 would see them; the
 * requests of one tick (sim) or one virtual second (synthetic) form one batching window, which is what the
 * runtime's effect dispatch with `batchWindowMs: 0` gives in production.
 * Scenarios: `sim` replays the requests recorded from a real 7-day `midgard sim` run (1000 NPCs, 500 players);
 * `quiet` and `busy` are a synthetic world-shaped workload (ai/testing/worldWorkload.ts: the world's own
 * personality/memory/dialogue-facts code, ~4k and ~40k conversations a day, plus NPC wake-up decisions);
 * `quiet-per-conversation` is `quiet` without voice packs (a model answer per conversation): what the packs save.
 * `quiet` is the real-time-paced world: one-second windows, the cache's one-hour TTL expiring on virtual time.
 * Reports per scenario: share of decisions per tier, LLM calls vs a naive one-call-per-decision baseline, the
 * distinct-line ratio of dialogue answers (what reuse costs in quality),
 * answers lost, projected cost per day at Groq and Anthropic prices; and the tier-2 in-process lookup p50/p99.
 */

interface Scenario {
  name: string;
  days: number;
  workload: WorkloadOptions;
  voicePacks?: boolean;
}

interface Window {
  now: number;
  requests: AiRequest[];
}

const SIM = { npcs: 1000, players: 500, days: 7, seed: 42 };
const SCENARIOS: Scenario[] = [
  { name: 'quiet', days: 7, workload: { npcs: 1000, players: 500, dialoguesPerHour: 150 } },
  { name: 'busy', days: 2, workload: { npcs: 1000, players: 500, dialoguesPerHour: 1500 } },
  { name: 'quiet-per-conversation', days: 7, workload: { npcs: 1000, players: 500, dialoguesPerHour: 150 }, voicePacks: false },
];

export async function run(): Promise<object> {
  const scale = Number(process.env.MIDGARD_BENCH_AI_DAYS_SCALE ?? 1);
  const scenarios = [];
  const simDays = Math.max(1, Math.round(SIM.days * scale));
  const recorded = await recordSimRequests({ ...SIM, days: simDays, workers: 0 });
  scenarios.push((await runScenario('sim', simDays, { ...SIM, days: simDays, tickMs: recorded.tickMs, invalid: recorded.invalid }, byTick(recorded.requests))).result);
  let headlineCache: DecisionCache | null = null;
  for (const scenario of SCENARIOS) {
    const days = scenario.days * scale;
    const world = new WorldWorkload({ seed: 42, ...scenario.workload });
    const { result, cache } = await runScenario(scenario.name, days, scenario.workload, world.seconds(days * 86_400), (r, d, now) => world.apply(r, d, now), scenario.voicePacks);
    scenarios.push(result);
    headlineCache ??= cache;
  }
  const lookup = measureLookups(headlineCache!);
  const replyLatency = await measureReplyLatency();
  const clickToLine = await measureClickToLine();
  const headline = scenarios.find((s) => s.name === 'quiet')!;
  const result = {
    workload: 'sim: recorded from a real `midgard sim` run; quiet/busy: synthetic, world-shaped (ai/testing/worldWorkload.ts)',
    scenarios,
    tier2Lookup: lookup,
    replyLatency,
    clickToLine,
    goals: {
      reductionAtLeast90pct: Object.fromEntries(scenarios.map((s) => [s.name, s.llm.reduction >= 0.9])),
      noLostAnswers: scenarios.every((s) => s.answers.lost === 0),
      p99UnderOneMs: { wall: lookup.p99Ms < 1, cpu: lookup.p99CpuMs < 1 },
    },
    machine: { loadAverage1m: round(loadavg()[0]!, 2), note: 'shared 2-core machine: wall-clock p99 includes time preempted by other processes' },
  };
  console.log(
    `ai: ${scenarios.map((s) => `${s.name} ${(s.llm.reduction * 100).toFixed(1)}% fewer LLM calls (${s.llm.calls} vs ${s.llm.naiveCalls}, lost ${s.answers.lost}, distinct lines ${(s.quality.distinctRatio * 100).toFixed(1)}%)`).join('; ')}; ` +
      `quiet tiers ${TIERS.map((t) => `${t} ${(headline.tiers.share[t]! * 100).toFixed(1)}%`).join('/')}, ` +
      `cost/day $${headline.costPerDayUsd.anthropic} anthropic vs $${headline.costPerDayUsd.naiveAnthropic} naive; ` +
      `tier-2 p99 ${lookup.p99Ms.toFixed(3)} ms wall, ${lookup.p99CpuMs.toFixed(3)} ms cpu; ` +
      `dialogue reply p50/p99 ms: ${Object.entries(replyLatency.byProvider).map(([k, v]) => `${k} ${v.p50}/${v.p99}`).join(', ')} (deadline ${replyLatency.deadlineMs}); ` +
      `click to line p50/p99 ms (world at speed 1, ${clickToLine.tickMs} ms ticks): ${Object.entries(clickToLine.byProvider).map(([k, v]) => `${k} ${v.p50}/${v.p99}`).join(', ')}`,
  );
  return result;
}

/** Recorded requests grouped by the tick that emitted them, in order. */
function* byTick(recorded: { now: number; tick: number; request: AiRequest }[]): Generator<Window> {
  let current: Window | null = null;
  for (const r of [...recorded].sort((a, b) => a.now - b.now)) {
    if (!current || current.now !== r.now) {
      if (current) yield current;
      current = { now: r.now, requests: [] };
    }
    current.requests.push(r.request);
  }
  if (current) yield current;
}

async function runScenario(
  name: string,
  days: number,
  workload: object,
  windows: Iterable<Window>,
  apply?: (request: AiRequest, decision: AiDecision, now: number) => void,
  voicePacks = true,
) {
  let now = Date.UTC(2026, 0, 1);
  const clock = () => now;
  const provider = new CountingProvider({ name: 'groq' });
  const cost = new CostTracker({ now: clock });
  const cache = new DecisionCache({ now: clock });
  const router = new AiRouter({ providers: [provider], cost, cache, batchWindowMs: 0, voicePacks });
  const naiveTokens = { batched: { input: 0, output: 0 }, full: { input: 0, output: 0 } };
  let requests = 0;
  let answered = 0;
  // what players read: repeated lines are what caching costs in quality
  const dialogueLines: string[] = [];
  const byPurpose: Record<string, Record<string, number>> = {};
  const started = performance.now();
  for (const second of windows) {
    now = second.now;
    requests += second.requests.length;
    for (const r of second.requests) naive(naiveTokens, router, r);
    // all of a second's requests reach the batcher in one event-loop turn: a window of 0 batches exactly them
    const decisions = await Promise.all(second.requests.map((r) => router.decide(r)));
    decisions.forEach((d, i) => {
      const request = second.requests[i]!;
      if (d.requestId === request.requestId && (d.text || d.choice)) answered++;
      if (request.purpose === 'dialogue' && d.text) dialogueLines.push(`${request.actorId}|${d.text}`);
      const tally = (byPurpose[request.purpose] ??= {});
      tally[d.tier] = (tally[d.tier] ?? 0) + 1;
      apply?.(request, d, now);
    });
  }
  const stats = router.stats();
  const tokens = (model: string) => cost.report().find((l) => l.model === model) ?? { inputTokens: 0, outputTokens: 0 };
  const small = tokens(provider.modelFor('batched'));
  const large = tokens(provider.modelFor('full'));
  const usd = (pricePrefix: string, t: { inputTokens: number; outputTokens: number }) => {
    const p = DEFAULT_PRICES[pricePrefix]!;
    return (t.inputTokens * p.input + t.outputTokens * p.output) / 1e6;
  };
  const naiveAs = (smallModel: string, largeModel: string) =>
    usd(smallModel, { inputTokens: naiveTokens.batched.input, outputTokens: naiveTokens.batched.output }) +
    usd(largeModel, { inputTokens: naiveTokens.full.input, outputTokens: naiveTokens.full.output });
  const perDay = (x: number) => round(x / days, 4);
  const result = {
    name,
    simDays: days,
    workload,
    requests,
    wallSeconds: round((performance.now() - started) / 1000, 1),
    answers: { answered, lost: requests - answered, fallbacks: stats.fallbacks, fallbackReasons: stats.fallbackReasons },
    tiers: {
      counts: stats.byTier,
      share: Object.fromEntries(TIERS.map((t) => [t, round(stats.byTier[t] / stats.decisions, 4)])) as Record<string, number>,
      cache: stats.cache,
      byPurpose,
    },
    llm: {
      calls: provider.calls,
      callsByTier: provider.callsByTier,
      naiveCalls: requests,
      reduction: round(1 - provider.calls / requests, 4),
      meanBatchSize: round(stats.batches.items / Math.max(1, stats.batches.batches), 2),
      callsPerHourLimit: cost.callsPerHour,
    },
    // distinct (speaker, line) pairs among dialogue answers: 1.0 = nobody ever repeats a line
    quality: { dialogueLines: dialogueLines.length, distinct: new Set(dialogueLines).size, distinctRatio: round(new Set(dialogueLines).size / Math.max(1, dialogueLines.length), 4) },
    costPerDayUsd: {
      groq: perDay(usd('llama-3.1-8b-instant', small) + usd('llama-3.3-70b', large)),
      anthropic: perDay(usd('claude-haiku-4-5', small) + usd('claude-sonnet', large)),
      naiveGroq: perDay(naiveAs('llama-3.1-8b-instant', 'llama-3.3-70b')),
      naiveAnthropic: perDay(naiveAs('claude-haiku-4-5', 'claude-sonnet')),
    },
  };
  return { result, cache };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A counting Groq stand-in in each state: healthy (answers in 20 ms), slow (after `slowMs`), down (HTTP 500). */
function groqThatIs(slowMs: number): [string, CountingProvider][] {
  const behaviours: Record<string, () => Promise<unknown>> = {
    healthy: () => sleep(20),
    slow: () => sleep(slowMs),
    down: async () => {
      await sleep(5);
      throw new ProviderError('groq', 'HTTP 500', true, 500);
    },
  };
  return Object.entries(behaviours).map(([name, behave]) => {
    const provider = new CountingProvider({ name: 'groq' });
    const complete = provider.complete.bind(provider);
    provider.complete = async (call) => {
      await behave();
      return complete(call);
    };
    return [name, provider];
  });
}

/**
 * How long a player waits for the AI layer's answer to a dialogue request, with the provider healthy (answers
 * in 20 ms), slow (answers in 2 s, past the deadline) and down (HTTP 500 on every attempt). The deadline is
 * scaled down to 400 ms so the run is short; the world's is 4 s (`DEADLINE_MS.dialogue`). The NPC adds its two
 * ticks of memory recall before it asks.
 */
async function measureReplyLatency() {
  const deadlineMs = 400;
  const byProvider: Record<string, { p50: number; p99: number; fallbacks: number }> = {};
  for (const [name, provider] of groqThatIs(2_000)) {
    const router = new AiRouter({ providers: [provider], batchWindowMs: 0, deadlines: { dialogue: deadlineMs }, chain: { baseDelayMs: 100 } });
    const workload = new WorldWorkload({ npcs: 200, seed: 3 });
    const samples: number[] = [];
    let fallbacks = 0;
    for (const second of workload.seconds(3_600)) {
      const dialogue = second.requests.filter((r) => r.purpose === 'dialogue');
      await Promise.all(dialogue.map(async (request) => {
        const started = performance.now();
        const decision = await router.decide(request);
        samples.push(performance.now() - started);
        if (decision.fallback) fallbacks++;
      }));
      if (samples.length >= 40) break;
    }
    samples.sort((a, b) => a - b);
    byProvider[name] = { p50: round(quantile(samples, 0.5), 1), p99: round(quantile(samples, 0.99), 1), fallbacks };
  }
  return { deadlineMs, samplesPerCase: 40, byProvider };
}

/**
 * What a player waits in the world: wall time from a click (`npc_interaction` sent to the runtime, as the gateway
 * does once the event is journaled) to the NPC's line leaving as a bridge action, with the world's own catalogue,
 * clock (speed 1, the default 1 s tick) and dialogue deadline (4 s), the provider healthy (20 ms), slow (10 s, so
 * the deadline answers) or down (HTTP 500). The NPC recalls its memories of the player for two ticks first.
 */
export async function measureClickToLine() {
  const tickMs = 1000;
  const samples = 20;
  const byProvider: Record<string, { p50: number; p99: number; answered: number }> = {};
  for (const [name, provider] of groqThatIs(10_000)) {
    const router = new AiRouter({ providers: [provider], batchWindowMs: 0, chain: { baseDelayMs: 100 } });
    const runtime = await Runtime.create({ catalogue: new URL('../actors/catalogue.ts', import.meta.url), workers: 0, seed: 42, tickMs, speed: 1 });
    runtime.onEffect(AI_DECIDE, aiEffectHandler(router));
    const clicked = new Map<string, number>();
    const waited: number[] = [];
    runtime.onEffect('bridge.action', (_effect, ctx) => {
      const at = clicked.get(ctx.actorId);
      if (at === undefined) return;
      clicked.delete(ctx.actorId);
      waited.push(performance.now() - at);
    });
    for (let k = 0; k < samples; k++) runtime.send(`npc:${k}`, { type: 'npc.spawn' }, 'sim', `bootstrap:npc:${k}`);
    runtime.start();
    await sleep(2 * tickMs);
    // clicks at every phase of the tick, on different NPCs, by different players
    for (let k = 0; k < samples; k++) {
      clicked.set(`npc:${k}`, performance.now());
      runtime.send(`npc:${k}`, { type: 'npc_interaction', player_id: 150_001 + k, map: 'prontera', payload: {} }, 'game', `click-${name}-${k}:npc:${k}`);
      await sleep(tickMs * 0.37);
    }
    for (let waitedFor = 0; clicked.size && waitedFor < 30_000; waitedFor += 100) await sleep(100);
    await runtime.stop();
    waited.sort((a, b) => a - b);
    const at = (q: number) => (waited.length ? Math.round(quantile(waited, q)) : -1);
    byProvider[name] = { p50: at(0.5), p99: at(0.99), answered: waited.length };
  }
  return { tickMs, samplesPerCase: samples, byProvider };
}

/** What a one-call-per-decision design would send: each request alone, at the model its tier would use. */
function naive(acc: Record<'batched' | 'full', { input: number; output: number }>, router: AiRouter, request: AiRequest) {
  const tier = router.planTier(request, 'ok');
  const call = buildCall([request], tier);
  acc[tier].input += Math.ceil((call.system.length + call.prompt.length) / 4);
  // a reply is about one line; CountingProvider estimates its replies the same way (≈ 4 characters a token)
  acc[tier].output += request.options ? 12 : 30;
}

/**
 * Tier-2 in-process lookup latency over the warm cache of the headline scenario, with requests from another
 * seed of the same world (hits and misses). Wall time (best of 5 rounds: a shared machine preempts us) and CPU
 * time per lookup (what the code itself costs).
 */
function measureLookups(cache: DecisionCache) {
  const probe = new WorldWorkload({ npcs: 1000, seed: 7 });
  const samples: AiRequest[] = [];
  for (const second of probe.seconds(86_400)) {
    samples.push(...second.requests);
    if (samples.length >= 10_000) break;
  }
  let bestWall: number[] | null = null;
  let cpu: number[] = [];
  let hits = 0;
  for (let round = 0; round < 5; round++) {
    const wall: number[] = [];
    const cpuRound: number[] = [];
    hits = 0;
    for (const request of samples) {
      // a fresh object per lookup, so the per-request probe memo does not flatter the numbers
      const fresh = { ...request };
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      if (cache.lookupInProcess(fresh)) hits++;
      wall.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpuRound.push((c.user + c.system) / 1000);
    }
    wall.sort((a, b) => a - b);
    cpuRound.sort((a, b) => a - b);
    if (!bestWall || quantile(wall, 0.99) < quantile(bestWall, 0.99)) bestWall = wall;
    if (round === 0 || quantile(cpuRound, 0.99) < quantile(cpu, 0.99)) cpu = cpuRound;
  }
  return {
    lookups: samples.length,
    hitRate: round(hits / samples.length, 3),
    cacheEntries: cache.size,
    p50Ms: round(quantile(bestWall!, 0.5), 4),
    p99Ms: round(quantile(bestWall!, 0.99), 4),
    p99CpuMs: round(quantile(cpu, 0.99), 4),
  };
}

function quantile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await run();
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'ai.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
}
