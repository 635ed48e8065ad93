import type { GameEvent } from '../persistence/types.ts';
import type { PlainEvent } from '../machines/kit/outputs.ts';
import { FACTION_HOME, SYSTEM, factionId, karmaId, memoryId, npcId } from '../machines/kit/ids.ts';
import { mapByName } from '../facts/index.ts';
import { eventKey } from '../persistence/eventKey.ts';

/**
 * Which actors hear a game event from rAthena. The event keeps the contract's fields (`player_id`, `map`,
 * `payload`, `timestamp`) under `type = event_type`; the runtime stamps `meta`. Clicks on Midgard's own
 * spawned NPCs (treasure chests, dig sites — recognised by their unique `#` name) become claims for the agent
 * that placed them. Unknown event types reach nobody (the gateway logs them).
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

export function routeGameEvent(e: GameEvent): Routed[] {
  const base: PlainEvent = { type: e.event_type, player_id: e.player_id, payload: e.payload ?? {}, timestamp: e.timestamp };
  if (e.map) base.map = e.map;
  const to = (...ids: (string | undefined | false)[]): Routed[] => ids.filter((id): id is string => !!id).map((id) => ({ to: id, event: base }));
  const player = Number.isInteger(e.player_id) && e.player_id > 0 ? e.player_id : null;
  const payload = e.payload ?? {};
  switch (e.event_type) {
    case 'monster_kill': {
      // agents interested in one map (problem, dungeon, chain, arc, social) get it from the world's watches
      const faction = factionOfMap(e.map);
      return to(SYSTEM.world, faction && factionId(faction));
    }
    case 'mvp_kill':
      return to(SYSTEM.world, SYSTEM.boss, player !== null && karmaId(player));
    case 'npc_interaction': {
      const name = typeof payload.npc_name === 'string' ? payload.npc_name : '';
      const hidden = name.slice(name.indexOf('#') + 1);
      if (player !== null && name.startsWith('Treasure Chest#')) return [{ to: SYSTEM.treasure, event: { type: 'treasure.claim', chest: hidden, player_id: player } }];
      if (player !== null && name.startsWith('Dig Site#')) return [{ to: SYSTEM.archaeology, event: { type: 'archaeology.dig', site: hidden, player_id: player } }];
      const npc = Number(payload.npc_id);
      return to(SYSTEM.world, Number.isInteger(npc) && npc >= 0 && npcId(npc));
    }
    case 'player_login':
      // the login carries the character's job and level: the player's memory keeps them for NPCs to use
      return to(SYSTEM.world, player !== null && memoryId(player));
    case 'map_change':
      return to(SYSTEM.world);
    case 'item_drop':
    case 'trade_complete':
      return to(SYSTEM.world, SYSTEM.economy);
    case 'quest_complete':
      return to(SYSTEM.world, SYSTEM.quest, SYSTEM.arc);
    case 'custom':
      return to(player !== null && karmaId(player), player !== null && /^(base|job)_level_up$/.test(String(payload.kind)) && memoryId(player));
    default:
      // player_logout and daily_reset change nothing in the world: the runtime's own clock drives the days
      return [];
  }
}

/**
 * Route a game event and send each message traced by the event's journal key (the `event_id`, or the content key
 * the journal computes when there is none): effects of one event keep their ids however often it is replayed,
 * so a replay after a crash cannot act twice. Returns how many messages were sent.
 *
 * @example
 * dispatchGameEvent((to, event, trace) => runtime.send(to, event, 'game', trace), journaled, journaled.key);
 */
export function dispatchGameEvent(send: (to: string, event: PlainEvent, trace: string) => void, e: GameEvent, key: string = eventKey(e)): number {
  const routed = routeGameEvent(e);
  for (const r of routed) send(r.to, r.event, `${key}:${r.to}`);
  return routed.length;
}
