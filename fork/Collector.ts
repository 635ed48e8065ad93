import type { Runtime } from '../runtime/Runtime.ts';
import type { BridgeAction } from '../persistence/types.ts';
import { FACTIONS } from '../machines/kit/ids.ts';
import { itemById } from '../facts/index.ts';
import type { RouterStats } from '../ai/AiRouter.ts';

/**
 * What a fork's run is judged by, gathered while it runs: every action the world emitted (by type and by map),
 * and once per virtual day the economy's prices and each faction's power; at the end karma, problems, arcs and
 * their chosen branches, and what the AI layer did. Only world state goes in (no wall time, no ids of the run),
 * so the same fork run twice gives the same report.
 */
export interface DayPoint {
  day: number;
  /** virtual time at the end of the day (epoch ms) */
  at: number;
  /** mean of price / base over the tracked items */
  priceIndex: number;
  prices: Record<string, number>;
  factions: Record<string, number>;
}

export interface RunReport {
  start: number;
  end: number;
  days: number;
  npcs: number;
  players: number;
  events: { game: number; injected: number; delivered: number; messages: number; effects: number };
  actions: { total: number; byType: Record<string, number>; byAgent: Record<string, number>; byMap: Record<string, number>; refused: number; refusedByRule: Record<string, number> };
  series: DayPoint[];
  /** per tracked item (by id): its name, base price and last price */
  economy: { rebalances: number; trades: number; priceIndex: number; items: Record<string, { name: string; base: number; last: number }> };
  factions: Record<string, number>;
  karma: { players: number; mean: number; heroes: number; outlaws: number };
  problems: { solved: number; failed: number };
  quests: { created: number; completed: number; expired: number };
  arcs: { completed: number; chaptersBroadcast: number; history: { id: number; theme: string; outcome: string; branches: string[] }[]; current: { id: number; theme: string; chapter: number; branches: string[] } | null };
  ai: { decisions: number; llmCalls: number; replayed: number; fallbacks: number; costUsd: number; byPurpose: Record<string, number> };
  health: { failures: number; deadLetters: number };
  /** world hash at the end (equal reports ⇔ equal worlds) */
  hash: string;
}

const inc = (o: Record<string, number>, k: string, by = 1) => void (o[k] = (o[k] ?? 0) + by);
const sorted = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).sort((a, b) => a[0].localeCompare(b[0])));
const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

export async function contextOf(runtime: Runtime, id: string): Promise<any> {
  const detail = await runtime.getActor(id);
  return (detail?.snapshot as { context?: unknown } | null | undefined)?.context ?? null;
}

export class Collector {
  readonly byType: Record<string, number> = {};
  readonly byMap: Record<string, number> = {};
  readonly byAgent: Record<string, number> = {};
  readonly refusedByRule: Record<string, number> = {};
  readonly aiByPurpose: Record<string, number> = {};
  readonly series: DayPoint[] = [];

  /** `actorId`: who emitted it (counted by kind) */
  action(action: BridgeAction, actorId: string): void {
    inc(this.byType, action.action_type);
    inc(this.byAgent, actorId.slice(0, actorId.indexOf(':')));
    const p = action.payload ?? {};
    const map = action.target_map ?? (typeof p.map === 'string' ? p.map : undefined);
    inc(this.byMap, map ?? '(none)');
  }

  refused(rule: string): void {
    inc(this.refusedByRule, rule);
  }

  aiAsked(purpose: string): void {
    inc(this.aiByPurpose, purpose);
  }

  /** One point of the daily series, read from the economy and the factions. */
  async sampleDay(runtime: Runtime, day: number): Promise<void> {
    const economy = await contextOf(runtime, 'economy:main');
    const quotes = (economy?.quotes ?? {}) as Record<string, { base: number; price: number }>;
    const entries = Object.entries(quotes);
    const prices = Object.fromEntries(entries.map(([id, q]) => [id, round(q.price, 2)]));
    const priceIndex = entries.length ? round(entries.reduce((s, [, q]) => s + q.price / q.base, 0) / entries.length) : 0;
    const factions: Record<string, number> = {};
    for (const f of FACTIONS) {
      const ctx = await contextOf(runtime, `faction:${f}`);
      if (ctx) factions[f] = ctx.power;
    }
    this.series.push({ day, at: runtime.clock().now, priceIndex, prices, factions });
  }

  async finish(runtime: Runtime, run: { start: number; days: number; npcs: number; players: number; game: number; injected: number; router?: RouterStats; costUsd: number }): Promise<RunReport> {
    const stats = runtime.stats();
    const economy = await contextOf(runtime, 'economy:main');
    const quotes = (economy?.quotes ?? {}) as Record<string, { base: number; price: number }>;
    // keyed by id, so the comparison shows each item's price as a figure of its own
    const items = Object.fromEntries(
      Object.entries(quotes)
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([id, q]) => [id, { name: itemById(Number(id))?.name ?? '?', base: q.base, last: round(q.price, 2) }]),
    );
    const karmaIds = runtime.listActors({ kind: 'karma', limit: 1_000_000 }).items.map((a) => a.id);
    let sum = 0, heroes = 0, outlaws = 0, counted = 0;
    for (const id of karmaIds) {
      const ctx = await contextOf(runtime, id);
      if (!ctx) continue;
      counted++;
      sum += ctx.karma;
      if (ctx.karma >= 50) heroes++;
      if (ctx.karma <= -50) outlaws++;
    }
    const problem = await contextOf(runtime, 'problem:main');
    const quest = await contextOf(runtime, 'quest:main');
    const arc = await contextOf(runtime, 'arc:main');
    const last = this.series.at(-1);
    const total = Object.values(this.byType).reduce((s, v) => s + v, 0);
    return {
      start: run.start, end: runtime.clock().now, days: run.days, npcs: run.npcs, players: run.players,
      events: { game: run.game, injected: run.injected, delivered: stats.eventsDelivered, messages: stats.messagesSent, effects: stats.effectsEmitted },
      actions: { total, byType: sorted(this.byType), byAgent: sorted(this.byAgent), byMap: sorted(this.byMap), refused: Object.values(this.refusedByRule).reduce((s, v) => s + v, 0), refusedByRule: sorted(this.refusedByRule) },
      series: this.series,
      economy: { rebalances: economy?.rebalances ?? 0, trades: economy?.trades ?? 0, priceIndex: last?.priceIndex ?? 0, items },
      factions: last?.factions ?? {},
      karma: { players: counted, mean: counted ? round(sum / counted, 2) : 0, heroes, outlaws },
      problems: { solved: problem?.solved ?? 0, failed: problem?.failed ?? 0 },
      quests: { created: quest?.created ?? 0, completed: quest?.completed ?? 0, expired: quest?.expired ?? 0 },
      arcs: {
        completed: arc?.arcs?.length ?? 0,
        chaptersBroadcast: arc?.chaptersBroadcast ?? 0,
        history: (arc?.arcs ?? []).map((a: any) => ({ id: a.id, theme: a.theme, outcome: a.outcome ?? '?', branches: a.branches ?? [] })),
        current: arc?.arc ? { id: arc.arc.id, theme: arc.arc.theme, chapter: arc.arc.chapter, branches: arc.arc.branches ?? [] } : null,
      },
      ai: {
        decisions: run.router?.decisions ?? 0, llmCalls: run.router?.llmCalls ?? 0, replayed: run.router?.replayed ?? 0,
        fallbacks: run.router?.fallbacks ?? 0, costUsd: round(run.costUsd, 6), byPurpose: sorted(this.aiByPurpose),
      },
      health: { failures: stats.failures, deadLetters: stats.deadLetters },
      hash: await runtime.worldHash(),
    };
  }
}
