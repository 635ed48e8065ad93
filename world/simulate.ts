import { Runtime } from '../runtime/Runtime.ts';
import type { TickPhases } from '../runtime/tickPhases.ts';
import type { SnapshotStore } from '../persistence/types.ts';
import type { EffectContext, EffectHandler } from '../runtime/control.ts';
import { bridgeActionHandler } from '../actors/effects/bridgeActionHandler.ts';
import { dispatchGameEvent } from '../actors/routeGameEvent.ts';
import { bootstrapWorld } from '../actors/bootstrap.ts';
import { KINDS, residentIdsOf } from '../actors/kinds.ts';
import { npcId } from '../machines/kit/ids.ts';
import { DAY, HOUR, MINUTE } from '../machines/kit/time.ts';
import { itemById } from '../facts/index.ts';
import { PlayerPopulation } from './players.ts';
import { runAnswering, simAi, type TickAlignedAi } from './simAi.ts';
import type { AiRouter, RouterStats } from '../ai/AiRouter.ts';
import type { MemoryDecisionRecorder } from '../ai/DecisionRecorder.ts';
import type { AiDecision } from '../ai/types.ts';

/**
 * Runs the world headless in virtual time as fast as it goes: the real runtime and catalogue, a synthetic
 * player population feeding game events through the router, bridge actions checked by the anti-cheat (and
 * fed back to the players), AI requests answered by the world's own AI router one tick after they are asked
 * (world/simAi.ts). Same options ⇒ same summary (apart from `wall`); a recorded run replays to the same hash.
 *
 * @example
 * const summary = await simulate({ npcs: 10_000, days: 7, seed: 42 });
 */
export interface SimOptions {
  npcs: number;
  days: number;
  seed: number;
  /** synthetic players (default npcs / 20, at least 20) */
  players?: number;
  /**
   * worker threads (default 0: actors on the main thread). Same seed ⇒ same world whatever the count; on this
   * 2-core machine one sim-day of 10k NPCs took 6.6 s on the main thread and 10.1 s with 2 workers (bench/sim.ts).
   */
  workers?: number;
  /** virtual ms per tick (default one virtual minute) */
  tickMs?: number;
  store?: SnapshotStore;
  /**
   * The AI layer, as the world runs it (world/simAi.ts): a router (default: the offline provider, as a world
   * without keys), answered one tick after asking whatever the provider's speed, so runs are repeatable.
   * `record` keeps every decision (returned as `recording`); `replay` answers only from a recording.
   */
  ai?: { router?: AiRouter; record?: boolean; replay?: Map<string, AiDecision> };
  /**
   * Answers `ai.decide` effects itself instead of the AI layer (tests, {@link offlineAiHandler}); replies arrive
   * whenever the handler sends them.
   */
  aiHandler?: EffectHandler;
  /** called after every slice of game events with the share of the run done */
  onProgress?: (done: number) => void;
  /** sees every game action the world emits, with the refusal when it was refused (contract/capability check tests) */
  onAction?: (action: { action_id: string; action_type: string; [k: string]: unknown }, refused: { rule: string; reason: string } | null) => void;
  /** also hash the whole world at the end (slower; for determinism checks) */
  hash?: boolean;
}

/** Game events are generated and sent in slices of this much virtual time. */
export const SLICE = 15 * MINUTE;
const START = Date.UTC(2026, 0, 1);
export const RUMOUR_ID = 'sim-rumour';

export interface SimSummary {
  seed: number;
  npcs: number;
  players: number;
  days: number;
  workers: number;
  tickMs: number;
  events: { game: number; delivered: number; messages: number; effects: number; ticks: number };
  actions: { total: number; byType: Record<string, number>; byAgent: Record<string, number>; rejected: number; rejectedByRule: Record<string, number> };
  ai: Record<string, number>;
  /** the router's own counts (tiers, LLM calls, fallbacks), when the AI layer answered */
  router?: Pick<RouterStats, 'decisions' | 'byTier' | 'fallbacks' | 'llmCalls' | 'llmFailures' | 'replayed'> & { batches: number };
  /** what players read: NPC lines and story chapters, with how many were distinct */
  lines: { npc: number; npcDistinct: number; chapters: number; chaptersDistinct: number };
  /** per kind, what its declaration's `summary` reports (per key for kinds with several resident actors) */
  agents: Record<string, unknown>;
  arcs: { completed: number; chaptersBroadcast: number; current: unknown; history: unknown };
  prices: { item_id: number; name: string; base: number; low: number; high: number; last: number }[];
  rumour: { text: string; sampled: number; reached: number };
  health: { failures: number; deadLetters: number };
  hash?: string;
  /** how long it took, and where the ticks' wall time went (ms, runtime/tickPhases.ts) */
  wall: { seconds: number; simDaysPerSecond: number; speedup: number; tickPhases: TickPhases };
}

/** Lines players read, kept for the distinct-line counts (and for tests that read them). */
export interface SimLines {
  npc: string[];
  chapters: string[];
}

const inc = (o: Record<string, number>, k: string, by = 1) => void (o[k] = (o[k] ?? 0) + by);
const kindOfActor = (id: string) => id.slice(0, id.indexOf(':'));

/** The AI layer's offline default in its simplest form: a template reply, so every machine takes its rule-based path. */
export const offlineAiHandler: EffectHandler = (effect, ctx) => {
  const request = effect.request as { requestId: string };
  ctx.reply({ type: 'ai.decision', requestId: request.requestId, tier: 'rules', provider: 'template', fallback: true });
};

export async function simulate(options: SimOptions): Promise<SimSummary> {
  return (await simulateWith(options)).summary;
}

/** {@link simulate}, also returning what players read and the AI recording (when asked to record). */
export async function simulateWith(options: SimOptions): Promise<{ summary: SimSummary; lines: SimLines; recording: MemoryDecisionRecorder | null }> {
  const { npcs, days, seed } = options;
  if (!(Number.isInteger(npcs) && npcs >= 0) || !(days > 0) || !Number.isInteger(seed)) throw new Error('simulate: npcs ≥ 0 (integer), days > 0, integer seed');
  const playersCount = options.players ?? Math.max(20, Math.round(npcs / 20));
  const workers = options.workers ?? 0;
  const tickMs = options.tickMs ?? MINUTE;
  const started = performance.now();
  const runtime = await Runtime.create({
    catalogue: new URL('../actors/catalogue.ts', import.meta.url),
    workers, seed, store: options.store, tickMs, startTime: START, speed: 'max',
    // NPCs wake at least every 7 virtual hours: keep them resident; idle per-player actors passivate
    passivateAfterMs: 8 * HOUR, snapshotEveryTicks: 720, flushEveryTicks: 1440, maxPerTick: 5000,
  });
  const players = new PlayerPopulation({ players: playersCount, npcs, seed });
  const byType: Record<string, number> = {};
  const byAgent: Record<string, number> = {};
  const rejectedByRule: Record<string, number> = {};
  const ai: Record<string, number> = {};
  const lines: SimLines = { npc: [], chapters: [] };
  let current: EffectContext | null = null;
  const handleAction = bridgeActionHandler({
    enqueue(action) {
      inc(byType, action.action_type);
      const kind = kindOfActor(current!.actorId);
      inc(byAgent, kind);
      const said = (action.payload as { message?: unknown } | undefined)?.message;
      if (action.action_type === 'broadcast_message' && typeof said === 'string') {
        if (kind === 'npc') lines.npc.push(said);
        else if (kind === 'arc') lines.chapters.push(said);
      }
      players.observe(action, current!.now);
      options.onAction?.(action as never, null);
    },
    onReject: (a, verdict) => {
      inc(rejectedByRule, verdict.rule);
      options.onAction?.(a as never, verdict);
    },
  });
  runtime.onEffect('bridge.action', (effect, ctx) => {
    current = ctx;
    return handleAction(effect, ctx);
  });
  // The world's AI layer, one tick per answer (world/simAi.ts), unless the caller answers itself.
  let tickAligned: TickAlignedAi | null = null;
  let recording: MemoryDecisionRecorder | null = null;
  if (!options.aiHandler) ({ ai: tickAligned, recorder: recording } = simAi({ ...options.ai, worldSeed: seed }));
  const answerAi = options.aiHandler ?? tickAligned!.handler;
  runtime.onEffect('ai.decide', (effect, ctx) => {
    inc(ai, (effect.request as { purpose: string }).purpose);
    return answerAi(effect, ctx);
  });

  let game = 0;
  try {
    bootstrapWorld((to, event, trace) => runtime.send(to, event, 'sim', trace), npcs);
    if (npcs > 0) runtime.send(npcId(npcs - 1), { type: 'rumour.seed', id: RUMOUR_ID, text: 'a dragon sleeps beneath Geffen' }, 'sim');
    const end = START + days * DAY;
    for (let t = START; t < end; t += SLICE) {
      const events = players.eventsFor(t, t + SLICE);
      for (const e of events) dispatchGameEvent((to, event, trace) => runtime.send(to, event, 'game', trace), e);
      game += events.length;
      const until = Math.min(end, t + SLICE);
      if (!tickAligned) await runtime.runUntil(until);
      else await runAnswering(runtime, tickAligned, until);
      options.onProgress?.((t + SLICE - START) / (end - START));
    }
    await tickAligned?.settle();
    const summary = await summarise(runtime, npcs);
    const routerStats = tickAligned?.router.stats();
    const stats = runtime.stats();
    const tickPhases = Object.fromEntries(Object.entries(runtime.tickPhases()).map(([k, v]) => [k, Math.round(v)])) as unknown as TickPhases;
    const hash = options.hash ? await runtime.worldHash() : undefined;
    const seconds = (performance.now() - started) / 1000;
    const distinct = (xs: string[]) => new Set(xs).size;
    const result: SimSummary = {
      seed, npcs, players: playersCount, days, workers, tickMs,
      events: { game, delivered: stats.eventsDelivered, messages: stats.messagesSent, effects: stats.effectsEmitted, ticks: (stats as { ticksRun?: number }).ticksRun ?? stats.tick },
      actions: { total: Object.values(byType).reduce((s, v) => s + v, 0), byType: sorted(byType), byAgent: sorted(byAgent), rejected: Object.values(rejectedByRule).reduce((s, v) => s + v, 0), rejectedByRule: sorted(rejectedByRule) },
      ai: sorted(ai),
      ...(routerStats
        ? { router: { decisions: routerStats.decisions, byTier: routerStats.byTier, fallbacks: routerStats.fallbacks, llmCalls: routerStats.llmCalls, llmFailures: routerStats.llmFailures, replayed: routerStats.replayed, batches: routerStats.batches.batches } }
        : {}),
      lines: { npc: lines.npc.length, npcDistinct: distinct(lines.npc), chapters: lines.chapters.length, chaptersDistinct: distinct(lines.chapters) },
      ...summary,
      health: { failures: stats.failures, deadLetters: stats.deadLetters },
      ...(hash ? { hash } : {}),
      wall: { seconds: round(seconds), simDaysPerSecond: round(days / seconds), speedup: Math.round((days * DAY) / 1000 / seconds), tickPhases },
    };
    return { summary: result, lines, recording };
  } finally {
    await runtime.stop();
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const sorted = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).sort((a, b) => a[0].localeCompare(b[0])));

async function contextOf(runtime: Runtime, id: string): Promise<any> {
  const detail = await runtime.getActor(id);
  return (detail?.snapshot as { context?: unknown } | null | undefined)?.context ?? null;
}

/** What the agents themselves counted, read from their state at the end. */
async function summarise(runtime: Runtime, npcs: number) {
  const economy = await contextOf(runtime, 'economy:main');
  const arc = await contextOf(runtime, 'arc:main');
  // what each kind declares of itself (`summary` in machines/<kind>.kind.ts): a singleton's as is, else per key
  const agents: Record<string, unknown> = {};
  for (const kind of KINDS) {
    if (!kind.summary) continue;
    if (kind.ids === 'singleton') {
      const ctx = await contextOf(runtime, `${kind.name}:main`);
      agents[kind.name] = ctx ? kind.summary(ctx) : null;
      continue;
    }
    const perKey: Record<string, unknown> = {};
    for (const id of residentIdsOf(kind)) {
      const ctx = await contextOf(runtime, id);
      if (ctx) perKey[id.slice(kind.name.length + 1)] = kind.summary(ctx);
    }
    agents[kind.name] = perKey;
  }
  const prices = economy
    ? Object.entries(economy.quotes as Record<string, { base: number; low: number; high: number; price: number }>)
        .map(([id, q]) => ({ item_id: Number(id), name: itemById(Number(id))?.name ?? '?', base: q.base, low: q.low, high: q.high, last: Math.round(q.price) }))
        .sort((a, b) => b.high / b.base - b.low / b.base - (a.high / a.base - a.low / a.base) || a.item_id - b.item_id)
        .slice(0, 10)
    : [];
  // rumour reach: a sample of NPCs, every k-th one
  const step = Math.max(1, Math.floor(npcs / 400));
  let sampled = 0;
  let reached = 0;
  for (let n = 0; n < npcs; n += step) {
    const ctx = await contextOf(runtime, npcId(n));
    sampled++;
    if (ctx?.rumours?.some((r: { id: string }) => r.id === RUMOUR_ID)) reached++;
  }
  return {
    agents,
    arcs: { completed: arc?.arcs?.length ?? 0, chaptersBroadcast: arc?.chaptersBroadcast ?? 0, current: arc?.arc ? { id: arc.arc.id, theme: arc.arc.theme, chapter: arc.arc.chapter, branches: arc.arc.branches, map: arc.arc.map } : null, history: arc?.arcs ?? [] },
    prices,
    rumour: { text: RUMOUR_ID, sampled, reached },
  };
}
