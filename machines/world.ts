import { assign, emit, setup } from 'xstate';
import type { ActorInput } from './kit/input.ts';
import { batch, message, timer, type Delivered, type Output } from './kit/outputs.ts';
import { SYSTEM, npcId } from './kit/ids.ts';
import { dayOf } from './kit/time.ts';
import type { EventType } from '../contract/index.ts';
import { mapByName } from '../facts/index.ts';

/**
 * The World agent (`world:main`), the "universal consciousness": the shared state every agent can read —
 * where players are active, kills and MVP kills, faction power, world karma, notable happenings — kept as
 * day-by-day history. Once a day (00:45, before the pipeline's treasure run) it sends a digest to the agents
 * that plan content from it (every singleton kind whose logic accepts `world.digest`, found by `actors/kinds.ts`,
 * which builds this machine with them); anyone may ask with `world.query`.
 *
 * One mode, `observing`: the diagram shows what it counts, when it forwards (the event is on a watched map),
 * and when loot reaches the market (a batch of kills is full).
 *
 * @example
 * const world = worldMachine(['quest:main', 'boss:main']);
 * runtime.send('world:main', { type: 'world.query', replyTo: 'npc:7', requestId: 'q1' });
 */
export interface DayStats {
  day: number;
  kills: number;
  mvpKills: number;
  logins: number;
  quests: number;
  trades: number;
  karma: number;
  participation: number;
}

export interface Digest {
  day: number;
  hotMaps: { map: string; activity: number }[];
  factionPower: Record<string, number>;
  notable: string[];
  today: DayStats;
  /** the last 14 days, oldest first */
  history: DayStats[];
}

export interface WorldContext {
  activity: Record<string, number>;
  /** agents watching a map: they get a copy of every game event on it until `until` */
  watches: Record<string, { id: string; until: number }[]>;
  factionPower: Record<string, number>;
  notable: { text: string; at: number }[];
  today: DayStats;
  history: DayStats[];
  digests: number;
  /** kills not yet reported to the economy (loot reaches the market in batches of KILL_BATCH) */
  unreportedKills: number;
}

export const KILL_BATCH = 100;

const emptyDay = (day: number): DayStats => ({ day, kills: 0, mvpKills: 0, logins: 0, quests: 0, trades: 0, karma: 0, participation: 0 });

type Ev = Delivered & Record<string, any>;
/** what one game event adds to the map's activity and to today's counts */
type Seen = { weight: number } & Partial<Omit<DayStats, 'day'>>;

/** The map a game event happened on: a map change counts for the map entered. */
const mapOf = (ev: Ev): unknown => (ev.type === 'map_change' ? (ev.payload?.to_map ?? ev.map) : ev.map);

/** Activity and today's counts after one observation (maps unknown to the facts add no activity). */
function seen(ctx: WorldContext, map: unknown, { weight, ...counts }: Seen): Pick<WorldContext, 'activity' | 'today'> {
  const activity = weight && typeof map === 'string' && mapByName(map) ? { ...ctx.activity, [map]: (ctx.activity[map] ?? 0) + weight } : ctx.activity;
  const today = { ...ctx.today };
  for (const k in counts) today[k as keyof typeof counts] += counts[k as keyof typeof counts]!;
  return { activity, today };
}

export function digestOf(ctx: WorldContext, now: number): Digest {
  const hotMaps = Object.entries(ctx.activity)
    .map(([map, activity]) => ({ map, activity: Math.round(activity * 100) / 100 }))
    .sort((a, b) => b.activity - a.activity || a.map.localeCompare(b.map))
    .slice(0, 12);
  return { day: dayOf(now), hotMaps, factionPower: ctx.factionPower, notable: ctx.notable.slice(0, 5).map((n) => n.text), today: ctx.today, history: ctx.history };
}

const live = (watchers: readonly { id: string; until: number }[] | undefined, now: number) => (watchers ?? []).filter((w) => w.until > now);

/**
 * Game events the world observes, with what each counts. Agents interested in one map (today's problem, the
 * dungeon layout, an event chain, the arc's map, tonight's festival) watch it instead of receiving every event of
 * the world: the router sends each game event to the world once, and the world forwards it to the map's watchers.
 */
export const OBSERVED = {
  monster_kill: { weight: 1, kills: 1 },
  mvp_kill: { weight: 10, mvpKills: 1 },
  player_login: { weight: 0.5, logins: 1 },
  map_change: { weight: 0.5 },
  npc_interaction: { weight: 0.2 },
  item_drop: { weight: 0.2 },
  quest_complete: { weight: 2, quests: 1 },
  trade_complete: { weight: 0.5, trades: 1 },
} as const satisfies Partial<Record<EventType, Seen>>;

/** Who plans from the daily digest: the readers are given, so the world needs no list of kinds of its own. */
export function worldMachine(digestReaders: readonly string[]) {
  // Two transitions per observed event: the common one only counts; on a watched map it also forwards. Each
  // counts in one `assign` (every action costs ~5 µs per event here; the world sees every game event).
  type Counting = 'observe' | 'observeMvp';
  const observe = (params: Seen, counting: Counting = 'observe') => [
    { guard: 'onWatchedMap' as const, actions: [{ type: counting, params }, 'forwardToWatchers' as const] },
    { actions: { type: counting, params } },
  ];
  return setup({
    types: {} as { context: WorldContext; events: Ev; input: ActorInput; emitted: Output },
    guards: {
      onWatchedMap: ({ context, event }) => {
        const map = mapOf(event);
        return typeof map === 'string' && context.watches[map] !== undefined;
      },
      killBatchFull: ({ context }) => context.unreportedKills + 1 >= KILL_BATCH,
      knownMap: ({ event }) => mapByName(String(event.map)) !== undefined,
    },
    actions: {
      observe: assign(({ context, event }, params: Seen) => seen(context, mapOf(event), params)),
      observeMvp: assign(({ context, event }, params: Seen) => ({
        ...seen(context, event.map, params),
        notable: [{ text: `player ${event.player_id} slew an MVP on ${event.map}`, at: event.meta.now }, ...context.notable].slice(0, 20),
      })),
      observeKill: assign(({ context, event }, params: { reported: boolean }) => ({
        ...seen(context, event.map, OBSERVED.monster_kill),
        unreportedKills: params.reported ? 0 : context.unreportedKills + 1,
      })),
      /** a copy of the event to every watcher of its map whose watch has not ended (without the runtime's meta) */
      forwardToWatchers: emit(({ context, event }) => {
        const { meta, ...copy } = event;
        return batch(live(context.watches[mapOf(event) as string], meta.now).map((w) => message(w.id, copy)));
      }),
      // loot reaches the market in batches: this kill and the ones not reported yet
      reportKills: emit(({ context }) => message(SYSTEM.economy, { type: 'market.kills', count: context.unreportedKills + 1 })),
      note: assign({ notable: ({ context, event }) => [{ text: String(event.text), at: event.meta.now }, ...context.notable].slice(0, 20) }),
      watch: assign({
        watches: ({ context, event }) => {
          const map = String(event.map);
          const others = live(context.watches[map], event.meta.now).filter((w) => w.id !== event.meta.from);
          return { ...context.watches, [map]: [...others, { id: event.meta.from, until: Number(event.until) }] };
        },
      }),
      unwatch: assign({
        watches: ({ context, event }) => {
          const map = String(event.map);
          const left = live(context.watches[map], event.meta.now).filter((w) => w.id !== event.meta.from);
          const watches = { ...context.watches };
          if (left.length) watches[map] = left;
          else delete watches[map];
          return watches;
        },
      }),
      participate: assign(({ context, event }) => seen(context, event.map, { weight: 1, participation: Number(event.count ?? 1) })),
      setFactionPower: assign({ factionPower: ({ context, event }) => ({ ...context.factionPower, [String(event.faction)]: Number(event.power) }) }),
      shiftKarma: assign(({ context, event }) => seen(context, undefined, { weight: 0, karma: Number(event.delta) || 0 })),
      answerQuery: emit(({ context, event }) => message(String(event.replyTo), { type: 'world.state', requestId: event.requestId, digest: digestOf(context, event.meta.now) })),
      sendDigest: emit(({ context, event }) => {
        const digest = digestOf(context, event.meta.now);
        const out = digestReaders.map((to) => message(to, { type: 'world.digest', digest }));
        // the day's most notable happening becomes talk of the town: the first elder hears it, gossip does the rest
        if (digest.notable[0]) out.push(message(npcId(0), { type: 'rumour.seed', id: `world-${digest.day}`, text: digest.notable[0] }));
        return batch(out);
      }),
      // Activity halves every day: today's crowd matters most, yesterday's still counts.
      turnDay: assign(({ context, event }) => {
        const activity: Record<string, number> = {};
        for (const [map, a] of Object.entries(context.activity)) if (a * 0.5 >= 0.5) activity[map] = a * 0.5;
        return { activity, history: [...context.history, context.today].slice(-14), today: emptyDay(dayOf(event.meta.now)), digests: context.digests + 1 };
      }),
    },
  }).createMachine({
    id: 'world',
    context: ({ input }) => ({ activity: {}, watches: {}, factionPower: {}, notable: [], today: emptyDay(dayOf(input.now)), history: [], digests: 0, unreportedKills: 0 }),
    entry: emit(timer({ id: 'digest', daily: '00:45', event: { type: 'world.digest.tick' } })),
    initial: 'observing',
    states: {
      observing: {
        on: {
          monster_kill: [
            { guard: 'killBatchFull', actions: ['forwardToWatchers', 'reportKills', { type: 'observeKill', params: { reported: true } }] },
            { guard: 'onWatchedMap', actions: [{ type: 'observeKill', params: { reported: false } }, 'forwardToWatchers'] },
            { actions: { type: 'observeKill', params: { reported: false } } },
          ],
          mvp_kill: observe(OBSERVED.mvp_kill, 'observeMvp'),
          player_login: observe(OBSERVED.player_login),
          map_change: observe(OBSERVED.map_change),
          npc_interaction: observe(OBSERVED.npc_interaction),
          item_drop: observe(OBSERVED.item_drop),
          quest_complete: observe(OBSERVED.quest_complete),
          trade_complete: observe(OBSERVED.trade_complete),
          'world.watch': { guard: 'knownMap', actions: 'watch' },
          'world.unwatch': { actions: 'unwatch' },
          'world.participation': { actions: 'participate' },
          'world.note': { actions: 'note' },
          'faction.power': { actions: 'setFactionPower' },
          'karma.shift': { actions: 'shiftKarma' },
          'world.query': { actions: 'answerQuery' },
          'world.digest.tick': { actions: ['sendDigest', 'turnDay'] },
        },
      },
    },
  });
}
