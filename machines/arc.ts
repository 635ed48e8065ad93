import { createMachine } from 'xstate';
import type { ActorInput } from './kit/input.ts';
import { cancelTimer, message, timer, type Delivered, type Output } from './kit/outputs.ts';
import { aiDecide, announce, postQuest, watchMap } from './kit/actions.ts';
import { isLoadedMap } from './kit/stockMaps.ts';
import { randomInt } from './kit/random.ts';
import { run } from './kit/run.ts';
import { SYSTEM, factionName } from './kit/ids.ts';
import { placeName } from '../facts/places.ts';
import { DAY, MINUTE } from './kit/time.ts';
import { mapByName } from '../facts/index.ts';
import { RIVAL } from './reputation.ts';
import type { Digest, DayStats } from './world.ts';

/**
 * Story arcs (`arc:main`). Every 14 sim-days an arc of 5 chapters, one every 3 days, built from the last 14
 * days (world karma, faction dominance, busiest map, the previous arc's outcome). 2–3 chapters open a choice
 * point: players take part by hunting on the arc's map or finishing its quest, and at the next chapter the
 * count against a threshold picks the branch (`rise` or `fall`). The finale's outcome (more rises ⇒ triumph)
 * shapes the next arc. Chapter text is rule-based, or the AI layer's when it answers in time and not with a
 * template fallback.
 *
 * @example
 * runtime.send('arc:main', { type: 'arc.begin' });  // also starts by itself on the first world digest
 */
export type Theme = 'ambition' | 'corruption' | 'reckoning';
export interface Arc {
  id: number;
  theme: Theme;
  faction: string;
  rival: string;
  map: string;
  trend: 'rising' | 'falling' | 'steady';
  startedAt: number;
  chapter: number;
  choiceChapters: number[];
  choice: { chapter: number; questId: number; count: number; threshold: number } | null;
  branches: ('rise' | 'fall')[];
  participation: number;
}
export interface ArcContext {
  rng: number;
  digest: Digest | null;
  arc: Arc | null;
  arcs: { id: number; theme: Theme; outcome: 'triumph' | 'tragedy'; branches: string[]; participation: number }[];
  chaptersBroadcast: number;
  pendingText: { requestId: string; text: string } | null;
  /** how many times faster than {@link ARC_PERIOD} and {@link CHAPTER_GAP} the story moves: 1 unless a what-if fork set it */
  pace?: number;
}

export const ARC_PERIOD = 14 * DAY;
export const CHAPTER_GAP = 3 * DAY;
export const CHAPTERS = 5;

/** Player activity over the 14 days: the last week against the one before (kills, quests, participation). */
export function trendOf(history: readonly DayStats[]): 'rising' | 'falling' | 'steady' {
  const act = (d: DayStats) => d.kills + 5 * d.quests + 5 * d.participation;
  const recent = history.slice(-7).reduce((s, d) => s + act(d), 0);
  const before = history.slice(-14, -7).reduce((s, d) => s + act(d), 0);
  if (!before) return 'steady';
  return recent > before * 1.15 ? 'rising' : recent < before * 0.85 ? 'falling' : 'steady';
}

export function chooseTheme(history: readonly DayStats[], lastOutcome: string | undefined): Theme {
  const karma = history.reduce((s, d) => s + d.karma, 0);
  if (karma < 0) return 'corruption';
  return lastOutcome === 'tragedy' ? 'reckoning' : 'ambition';
}

/** How many players must answer a choice point: ~3% of a typical day's hunting, at least 10. */
export function thresholdFor(history: readonly DayStats[], lastOutcome: string | undefined): number {
  const days = history.length || 1;
  const kills = history.reduce((s, d) => s + d.kills, 0) / days;
  const base = Math.max(10, Math.round(kills * 0.03));
  return lastOutcome === 'tragedy' ? Math.max(10, Math.round(base * 0.8)) : base;
}

const PLOTS: Record<Theme, string[]> = {
  ambition: ['The {f} gather strength and eye the lands of the {r}.', 'Envoys of the {f} demand tribute on {m}.', 'Skirmishes break out on {m}.', 'The {r} call for champions as the {f} march.', 'The war for {m} reaches its end.'],
  corruption: ['A rot spreads through Midgard; the {f} look away.', 'Tainted beasts stir on {m}.', 'Whispers say the {f} bargained with darkness.', 'The corruption boils over on {m}.', 'The last stand against the rot on {m}.'],
  reckoning: ['Old wounds reopen; the {f} remember what was lost.', 'Survivors return to {m} to rebuild.', 'The {r} offer an uneasy truce.', 'Ghosts of the fallen haunt {m}.', 'The reckoning comes to {m}.'],
};

export function chapterText(arc: Arc): string {
  // what players read: the factions' and places' own names, never ids or map codes
  const fill = (s: string) => s.replaceAll('{f}', factionName(arc.faction)).replaceAll('{r}', factionName(arc.rival)).replaceAll('{m}', placeName(arc.map));
  const last = arc.branches.at(-1);
  const turn = last === 'rise' ? ' The people answered the call.' : last === 'fall' ? ' Too few answered the call.' : '';
  const mood = arc.chapter === 1 && arc.trend !== 'steady' ? (arc.trend === 'rising' ? ' Crowds swell on the roads.' : ' The roads grow quiet.') : '';
  const ending = arc.chapter === CHAPTERS ? (outcomeOf(arc) === 'triumph' ? ' Midgard triumphs.' : ' Midgard mourns.') : '';
  return `[Arc ${arc.id} · Chapter ${arc.chapter}] ${fill(PLOTS[arc.theme][arc.chapter - 1]!)}${mood}${turn}${ending}`;
}

export const outcomeOf = (arc: Arc): 'triumph' | 'tragedy' =>
  arc.branches.filter((b) => b === 'rise').length * 2 > arc.branches.length ? 'triumph' : 'tragedy';

function begin(ctx: ArcContext, now: number): { ctx: ArcContext; out: Output[] } {
  const d = ctx.digest;
  const history = d?.history ?? [];
  const last = ctx.arcs.at(-1)?.outcome;
  const power = Object.entries(d?.factionPower ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const faction = power[0]?.[0] ?? 'prontera_guard';
  const map = d?.hotMaps.map((h) => h.map).find((m) => mapByName(m)?.kind !== 'town' && isLoadedMap(m)) ?? 'prt_fild08';
  const [choices, r1] = randomInt(ctx.rng, 2, 3);
  // choice points open at chapters 1..choices (each decided at the following chapter)
  const arc: Arc = {
    id: ctx.arcs.length + 1, theme: chooseTheme(history, last), faction, rival: RIVAL[faction] ?? 'morocc_thieves', map, trend: trendOf(history),
    startedAt: now, chapter: 0, choiceChapters: Array.from({ length: choices }, (_, i) => i + 1), choice: null, branches: [], participation: 0,
  };
  const pace = ctx.pace ?? 1;
  const gap = Math.round(CHAPTER_GAP / pace);
  const out: Output[] = [
    timer({ id: 'arc.begin', at: now + Math.round(ARC_PERIOD / pace), event: { type: 'arc.begin' } }),
    timer({ id: 'arc.chapter', every: gap, event: { type: 'arc.chapter' } }),
    watchMap(map, now + (CHAPTERS - 1) * gap + 1),
  ];
  const first = chapter({ ...ctx, rng: r1, arc }, now, thresholdFor(history, last));
  return { ctx: first.ctx, out: [...out, ...first.out] };
}

function chapter(ctx: ArcContext, now: number, threshold: number): { ctx: ArcContext; out: Output[] } {
  const prev = ctx.arc!;
  const out: Output[] = [];
  const branches = [...prev.branches];
  if (prev.choice) {
    branches.push(prev.choice.count >= prev.choice.threshold ? 'rise' : 'fall');
    out.push(postQuest({ quest_id: prev.choice.questId, state: 'closed' }));
  }
  const arc: Arc = { ...prev, chapter: prev.chapter + 1, branches, choice: null };
  if (arc.choiceChapters.includes(arc.chapter)) {
    const questId = 80000 + arc.id * 10 + arc.chapter;
    arc.choice = { chapter: arc.chapter, questId, count: 0, threshold };
    out.push(postQuest({ quest_id: questId, state: 'open', title: `Arc ${arc.id}: answer the call on ${arc.map}`, map: arc.map }));
  }
  const text = chapterText(arc);
  const requestId = `arc${arc.id}.${arc.chapter}`;
  out.push(
    aiDecide({ requestId, purpose: 'story', actorId: SYSTEM.arc, facts: { theme: arc.theme, faction: arc.faction, rival: arc.rival, map: arc.map, trend: arc.trend, chapter: arc.chapter, branches: arc.branches, template: text }, complexity: 'high' }),
    timer({ id: 'arc.text', delay: 5 * MINUTE, event: { type: 'arc.text.timeout', requestId } }),
  );
  let next: ArcContext = { ...ctx, arc, pendingText: { requestId, text } };
  if (arc.chapter === CHAPTERS) {
    const outcome = outcomeOf(arc);
    next = { ...next, arc: null, arcs: [...ctx.arcs, { id: arc.id, theme: arc.theme, outcome, branches: arc.branches, participation: arc.participation }] };
    out.push(cancelTimer('arc.chapter'), message(SYSTEM.world, { type: 'world.note', text: `arc ${arc.id} (${arc.theme}) ended in ${outcome}` }));
  }
  return { ctx: next, out };
}

function participate(ctx: ArcContext, ev: Delivered & Record<string, any>): { ctx: ArcContext; out: Output[] } {
  const arc = ctx.arc!;
  const counts = ev.type === 'quest_complete' ? Number(ev.payload?.quest_id) === arc.choice?.questId : ev.map === arc.map;
  if (!counts || !arc.choice) return { ctx, out: [] };
  return { ctx: { ...ctx, arc: { ...arc, participation: arc.participation + 1, choice: { ...arc.choice, count: arc.choice.count + 1 } } }, out: [] };
}

const publish = (ctx: ArcContext, text: string) => ({
  ctx: { ...ctx, pendingText: null, chaptersBroadcast: ctx.chaptersBroadcast + 1 },
  out: [cancelTimer('arc.text'), announce(text, { priority: 2 })],
});

export const arcMachine = createMachine({
  id: 'arc',
  types: {} as { context: ArcContext; events: Delivered & Record<string, any>; input: ActorInput },
  context: ({ input }) => ({ rng: input.seed, digest: null, arc: null, arcs: [], chaptersBroadcast: 0, pendingText: null }),
  on: {
    'world.digest': { actions: run((ctx: ArcContext, ev) => ({ ctx: { ...ctx, digest: ev.digest }, out: [] })) },
    'ai.decision': {
      guard: ({ context, event }) => event.requestId === context.pendingText?.requestId,
      actions: run((ctx: ArcContext, ev) => publish(ctx, !ev.fallback && typeof ev.text === 'string' && ev.text ? ev.text : ctx.pendingText!.text)),
    },
    'arc.text.timeout': {
      guard: ({ context, event }) => event.requestId === context.pendingText?.requestId,
      actions: run((ctx: ArcContext) => publish(ctx, ctx.pendingText!.text)),
    },
  },
  initial: 'waiting',
  states: {
    // the first arc starts with the first digest (so it has context), later ones on the 14-day timer
    waiting: {
      on: {
        'world.digest': { target: 'running', actions: run((ctx: ArcContext, ev) => begin({ ...ctx, digest: ev.digest }, ev.meta.now)) },
        'arc.begin': { target: 'running', actions: run((ctx: ArcContext, ev) => begin(ctx, ev.meta.now)) },
      },
    },
    running: {
      always: { guard: ({ context }) => context.arc === null, target: 'between' },
      on: {
        'arc.chapter': { actions: run((ctx: ArcContext, ev) => chapter(ctx, ev.meta.now, thresholdFor(ctx.digest?.history ?? [], ctx.arcs.at(-1)?.outcome))) },
        monster_kill: { actions: run(participate) },
        quest_complete: { actions: run(participate) },
      },
    },
    between: {
      on: { 'arc.begin': { target: 'running', actions: run((ctx: ArcContext, ev) => begin(ctx, ev.meta.now)) } },
    },
  },
});
