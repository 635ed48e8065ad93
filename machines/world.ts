import { reducerLogic, step } from './kit/reducer.ts';
import { message, timer, type Delivered, type Output } from './kit/outputs.ts';
import { SYSTEM, npcId } from './kit/ids.ts';
import { dayOf } from './kit/time.ts';
import { mapByName } from '../facts/index.ts';

/**
 * The World agent (`world:main`), the "universal consciousness": the shared state every agent can read —
 * where players are active, kills and MVP kills, faction power, world karma, notable happenings — kept as
 * day-by-day history. Once a day (00:45, before the pipeline's treasure run) it sends a digest to the agents
 * that plan content from it; anyone may ask with `world.query`.
 *
 * @example
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

export interface WorldContext extends Record<string, unknown> {
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

/** Who plans from the daily digest (explicit addresses: topics are per kind, these are singletons). */
export const DIGEST_READERS = [SYSTEM.quest, SYSTEM.problem, SYSTEM.treasure, SYSTEM.dungeon, SYSTEM.hazard, SYSTEM.boss, SYSTEM.arc];

const emptyDay = (day: number): DayStats => ({ day, kills: 0, mvpKills: 0, logins: 0, quests: 0, trades: 0, karma: 0, participation: 0 });

/**
 * Game events on a watched map, forwarded to the watchers. The router sends each game event to the world
 * once; agents that care about one map (today's problem, the dungeon layout, an event chain, the arc's map,
 * tonight's festival) watch it instead of receiving every event of the world.
 */
function forward(ctx: WorldContext, ev: Delivered & Record<string, unknown>, map: unknown = ev.map): Output[] {
  const watchers = typeof map === 'string' ? ctx.watches[map] : undefined;
  if (!watchers) return [];
  const { meta, ...event } = ev;
  return watchers.filter((w) => w.until > meta.now).map((w) => message(w.id, event));
}

const observe = (weight: number, patch: Partial<DayStats>, mapOf?: (ev: Delivered & Record<string, unknown>) => unknown) => (ctx: WorldContext, ev: Delivered & Record<string, unknown>) => {
  const map = mapOf ? mapOf(ev) : ev.map;
  return step(seen(ctx, map, weight, patch), forward(ctx, ev, map));
};

function seen(ctx: WorldContext, map: unknown, weight: number, patch: Partial<DayStats>): WorldContext {
  const activity = typeof map === 'string' && mapByName(map) ? { ...ctx.activity, [map]: (ctx.activity[map] ?? 0) + weight } : ctx.activity;
  const today = { ...ctx.today };
  for (const [k, v] of Object.entries(patch) as [keyof DayStats, number][]) today[k] += v;
  return { ...ctx, activity, today };
}

export function digestOf(ctx: WorldContext, now: number): Digest {
  const hotMaps = Object.entries(ctx.activity)
    .map(([map, activity]) => ({ map, activity: Math.round(activity * 100) / 100 }))
    .sort((a, b) => b.activity - a.activity || a.map.localeCompare(b.map))
    .slice(0, 12);
  return { day: dayOf(now), hotMaps, factionPower: ctx.factionPower, notable: ctx.notable.slice(0, 5).map((n) => n.text), today: ctx.today, history: ctx.history };
}

export const worldMachine = reducerLogic<WorldContext>({
  id: 'world',
  context: (input) => ({ activity: {}, watches: {}, factionPower: {}, notable: [], today: emptyDay(dayOf(input.now)), history: [], digests: 0, unreportedKills: 0 }),
  start: (ctx) => step(ctx, [timer({ id: 'digest', daily: '00:45', event: { type: 'world.digest.tick' } })]),
  on: {
    monster_kill: (ctx, ev) => {
      const seenKill = observe(1, { kills: 1 })(ctx, ev);
      const unreported = ctx.unreportedKills + 1;
      if (unreported < KILL_BATCH) return step({ ...seenKill.context, unreportedKills: unreported }, seenKill.out);
      return step({ ...seenKill.context, unreportedKills: 0 }, [...seenKill.out, message(SYSTEM.economy, { type: 'market.kills', count: unreported })]);
    },
    mvp_kill: (ctx, ev) => {
      const next = seen(ctx, ev.map, 10, { mvpKills: 1 });
      return step({ ...next, notable: [{ text: `player ${ev.player_id} slew an MVP on ${ev.map}`, at: ev.meta.now }, ...ctx.notable].slice(0, 20) }, forward(ctx, ev));
    },
    player_login: observe(0.5, { logins: 1 }),
    map_change: observe(0.5, {}, (ev) => (ev.payload as any)?.to_map ?? ev.map),
    npc_interaction: observe(0.2, {}),
    item_drop: observe(0.2, {}),
    quest_complete: observe(2, { quests: 1 }),
    trade_complete: observe(0.5, { trades: 1 }),
    'world.watch': (ctx, ev) => {
      const map = String(ev.map);
      if (!mapByName(map)) return undefined;
      const others = (ctx.watches[map] ?? []).filter((w) => w.id !== ev.meta.from && w.until > ev.meta.now);
      return step({ ...ctx, watches: { ...ctx.watches, [map]: [...others, { id: ev.meta.from, until: Number(ev.until) }] } });
    },
    'world.unwatch': (ctx, ev) => {
      const map = String(ev.map);
      const left = (ctx.watches[map] ?? []).filter((w) => w.id !== ev.meta.from && w.until > ev.meta.now);
      const watches = { ...ctx.watches };
      if (left.length) watches[map] = left;
      else delete watches[map];
      return step({ ...ctx, watches });
    },
    'world.participation': (ctx, ev) => step(seen(ctx, ev.map, 1, { participation: Number(ev.count ?? 1) })),
    'world.note': (ctx, ev) => step({ ...ctx, notable: [{ text: String(ev.text), at: ev.meta.now }, ...ctx.notable].slice(0, 20) }),
    'faction.power': (ctx, ev) => step({ ...ctx, factionPower: { ...ctx.factionPower, [String(ev.faction)]: Number(ev.power) } }),
    'karma.shift': (ctx, ev) => step(seen(ctx, undefined, 0, { karma: Number(ev.delta) || 0 })),
    'world.query': (ctx, ev) => step(ctx, [message(String(ev.replyTo), { type: 'world.state', requestId: ev.requestId, digest: digestOf(ctx, ev.meta.now) })]),
    'world.digest.tick': (ctx, ev) => {
      const digest = digestOf(ctx, ev.meta.now);
      const out: Output[] = DIGEST_READERS.map((to) => message(to, { type: 'world.digest', digest }));
      // the day's most notable happening becomes talk of the town: the first elder hears it, gossip does the rest
      if (digest.notable[0]) out.push(message(npcId(0), { type: 'rumour.seed', id: `world-${digest.day}`, text: digest.notable[0] }));
      // Activity halves every day: today's crowd matters most, yesterday's still counts.
      const activity: Record<string, number> = {};
      for (const [map, a] of Object.entries(ctx.activity)) if (a * 0.5 >= 0.5) activity[map] = a * 0.5;
      const history = [...ctx.history, ctx.today].slice(-14);
      return step({ ...ctx, activity, history, today: emptyDay(dayOf(ev.meta.now)), digests: ctx.digests + 1 }, out);
    },
  },
});
