import type { EventType, NpcTemplate } from '../contract/index.ts';
import { mapByName } from '../facts/index.ts';
import { siteName } from '../machines/archaeology.ts';
import { FACTION_HOME, SYSTEM, factionId, karmaId, memoryId, npcId } from '../machines/kit/ids.ts';
import type { PlainEvent } from '../machines/kit/outputs.ts';
import { SCHEDULE } from '../machines/pipeline.ts';
import { chestName } from '../machines/treasure.ts';
import { eventKey } from '../persistence/eventKey.ts';
import type { GameEvent } from '../persistence/types.ts';

/**
 * Which actors hear a game event from rAthena. The event keeps the contract's fields (`player_id`, `map`,
 * `payload`, `timestamp`) under `type = event_type`; the runtime stamps `meta`. Every event type of the contract
 * has its decision in {@link EVENT_ROUTES} (a test fails on a type without one); a type outside the contract (an
 * old journal's) reaches nobody.
 *
 * @example
 * routeGameEvent({ event_type: 'monster_kill', player_id: 1, map: 'prt_fild08', timestamp: 0, priority: 'normal', payload: { monster_id: 1002 } });
 * // → the world (which forwards it to agents watching prt_fild08) and the Prontera guard
 */
export interface Routed {
  to: string;
  event: PlainEvent;
}

const REGION_FACTION = new Map(Object.entries(FACTION_HOME).map(([faction, region]) => [region, faction]));

/** The faction whose lands a map lies in, if any. */
export function factionOfMap(map: string | undefined): string | undefined {
  const region = map ? mapByName(map)?.region : undefined;
  return region ? REGION_FACTION.get(region) : undefined;
}

/** What a router gets: the event as actors see it, and the facts most routes look at. */
interface Incoming {
  e: GameEvent;
  base: PlainEvent;
  /** the char id, or null for a server event */
  player: number | null;
  payload: Record<string, unknown>;
  to(...ids: (string | undefined | false | null)[]): Routed[];
}

/**
 * Clicks on an NPC Midgard spawned from a template, for the templates whose agent settles the click. The
 * template comes from the payload's `template` when the bridge's script sends it, else from the name the agent
 * gave the NPC (`Treasure Chest#t3_1`: the part after `#` is the agent's own id). `null`: no agent acts on a click
 * on that template (caravans are shops, the quest board reads `$aiworld_*` variables, visiting NPCs wander on
 * their own), so such a click is an ordinary one the world observes.
 */
export const TEMPLATE_CLICKS: Record<NpcTemplate, { prefix: string; route: (hidden: string, player: number) => Routed } | null> = {
  midgard_treasure: { prefix: chestName(''), route: (chest, player_id) => ({ to: SYSTEM.treasure, event: { type: 'treasure.claim', chest, player_id } }) },
  midgard_digsite: { prefix: siteName(''), route: (site, player_id) => ({ to: SYSTEM.archaeology, event: { type: 'archaeology.dig', site, player_id } }) },
  midgard_caravan: null,
  midgard_dynamic: null,
  midgard_questboard: null,
};

function templateClick(payload: Record<string, unknown>, player: number): Routed | null {
  const name = typeof payload.npc_name === 'string' ? payload.npc_name : '';
  const hash = name.indexOf('#');
  if (hash < 0) return null;
  const template = payload.template;
  const click =
    typeof template === 'string' && Object.hasOwn(TEMPLATE_CLICKS, template)
      ? TEMPLATE_CLICKS[template as NpcTemplate]
      : Object.values(TEMPLATE_CLICKS).find((t) => t !== null && name.startsWith(t.prefix));
  return click ? click.route(name.slice(hash + 1), player) : null;
}

/** Every contract event type's routing decision, in one table: forgetting one is a type error and a test failure. */
export const EVENT_ROUTES: Record<EventType, (i: Incoming) => Routed[]> = {
  // agents interested in one map (problem, dungeon, chain, arc, social) get it from the world's watches
  monster_kill: ({ e, to }) => {
    const faction = factionOfMap(e.map);
    return to(SYSTEM.world, faction && factionId(faction));
  },
  mvp_kill: ({ player, to }) => to(SYSTEM.world, SYSTEM.boss, player !== null && karmaId(player)),
  // a click on a chest or dig site is a claim for the agent that placed it; any other click is a conversation
  // with the NPC actor of its `npc_id` (the original bridge sends only that), observed by the world
  npc_interaction: ({ payload, player, to }) => {
    const claim = player !== null ? templateClick(payload, player) : null;
    if (claim) return [claim];
    const npc = Number(payload.npc_id);
    return to(SYSTEM.world, payload.npc_id !== undefined && Number.isInteger(npc) && npc >= 0 && npcId(npc));
  },
  // the login carries the character's job and level: the player's memory keeps them for NPCs to use
  player_login: ({ player, to }) => to(SYSTEM.world, player !== null && memoryId(player)),
  map_change: ({ to }) => to(SYSTEM.world),
  item_drop: ({ to }) => to(SYSTEM.world, SYSTEM.economy),
  trade_complete: ({ to }) => to(SYSTEM.world, SYSTEM.economy),
  quest_complete: ({ to }) => to(SYSTEM.world, SYSTEM.quest, SYSTEM.arc),
  custom: ({ player, payload, to }) =>
    to(player !== null && karmaId(player), player !== null && /^(base|job)_level_up$/.test(String(payload.kind)) && memoryId(player)),
  // nothing in the world reacts to a logout: presence is counted from logins and activity
  player_logout: () => [],
  // The server's day rolled over: fire every slot of the daily pipeline. The pipeline runs a slot at most once
  // per game day (its `lastDay` guard, the same one that makes a replayed timer harmless), so this runs exactly
  // the slots of the runtime's current day that its own clock has not run yet, and the clock's later firings of
  // those slots that day are no-ops: a day never runs twice, whichever comes first.
  daily_reset: () => SCHEDULE.map((s) => ({ to: SYSTEM.pipeline, event: { type: 'pipeline.fire', slot: s.slot } })),
};

export function routeGameEvent(e: GameEvent): Routed[] {
  const router = Object.hasOwn(EVENT_ROUTES, e.event_type) ? EVENT_ROUTES[e.event_type as EventType] : undefined;
  if (!router) return [];
  const base: PlainEvent = { type: e.event_type, payload: e.payload ?? {}, timestamp: e.timestamp };
  const player = Number.isInteger(e.player_id) && e.player_id! > 0 ? e.player_id! : null;
  if (player !== null) base.player_id = player;
  if (e.map) base.map = e.map;
  const to = (...ids: (string | undefined | false | null)[]): Routed[] => ids.filter((id): id is string => !!id).map((id) => ({ to: id, event: base }));
  return router({ e, base, player, payload: e.payload ?? {}, to });
}

/**
 * Route a game event and send each message traced by the event's journal key (the gateway's batch key, the
 * `event_id`, or the content key): effects of one event keep their ids however often it is replayed, so a replay
 * after a crash cannot act twice. A second message to the same actor gets its ordinal in the trace. Returns how
 * many messages were sent.
 *
 * @example
 * dispatchGameEvent((to, event, trace) => runtime.send(to, event, 'game', trace), journaled, journaled.key);
 */
export function dispatchGameEvent(send: (to: string, event: PlainEvent, trace: string) => void, e: GameEvent, key: string = eventKey(e)): number {
  const routed = routeGameEvent(e);
  const seen = new Map<string, number>();
  for (const r of routed) {
    const n = seen.get(r.to) ?? 0;
    seen.set(r.to, n + 1);
    send(r.to, r.event, n === 0 ? `${key}:${r.to}` : `${key}:${r.to}:${n}`);
  }
  return routed.length;
}
