import { effect, message, type Output } from './outputs.ts';
import { randomInt } from './random.ts';
import { mapByName } from '../../facts/index.ts';

/**
 * Builders for the bridge contract's game actions and the AI layer's requests, so machines never spell an
 * effect by hand. The main-thread handler validates (actors/anticheat) and assigns the action id.
 *
 * @example
 * enqueue.emit(gameAction('broadcast_message', { message: 'The orcs march on Prontera!' }));
 */
export type ActionType =
  | 'spawn_npc'
  | 'spawn_monster'
  | 'give_reward'
  | 'broadcast_message'
  | 'create_quest'
  | 'set_map_flag'
  | 'move_npc'
  | 'remove_npc'
  | 'update_economy';

export interface ActionTarget {
  target_map?: string;
  target_player_id?: number;
  priority?: number;
}

export const gameAction = (action_type: ActionType, payload: Record<string, unknown>, target: ActionTarget = {}): Output =>
  effect({ kind: 'bridge.action', action: { action_type, ...target, payload } });

export interface Reward {
  item_id?: number;
  quantity?: number;
  zeny?: number;
  base_exp?: number;
  job_exp?: number;
}

/**
 * `source` names the agent (bounds are per source) and `source_event` the one thing rewarded: the anti-cheat
 * refuses a second reward for the same (source, source_event, player).
 */
export const reward = (playerId: number, r: Reward, source: string, sourceEvent: string): Output =>
  gameAction(
    'give_reward',
    { player_id: playerId, item_id: r.item_id ?? 0, quantity: r.quantity ?? 0, zeny: r.zeny ?? 0, base_exp: r.base_exp ?? 0, job_exp: r.job_exp ?? 0, source, source_event: sourceEvent },
    { target_player_id: playerId },
  );

export const announce = (message: string, target: ActionTarget = {}): Output => gameAction('broadcast_message', { message }, target);

export interface AiRequest {
  requestId: string;
  purpose: string;
  actorId: string;
  facts: Record<string, unknown>;
  options?: string[];
  complexity?: 'low' | 'medium' | 'high';
}

export const aiDecide = (request: AiRequest): Output => effect({ kind: 'ai.decide', request });

/** A cell inside the map with a margin from its edges (spawns on the border look broken in game). */
export function randomCell(rng: number, map: string): [x: number, y: number, rng: number] {
  const m = mapByName(map);
  if (!m) throw new Error(`unknown map '${map}'`);
  const margin = Math.min(20, Math.floor(Math.min(m.width, m.height) / 4));
  const [x, r1] = randomInt(rng, margin, m.width - 1 - margin);
  const [y, r2] = randomInt(r1, margin, m.height - 1 - margin);
  return [x, y, r2];
}

/** rAthena NPC names are `Shown Name#unique`: the part after `#` is hidden in game and lets us remove exactly it. */
export const spawnNpc = (map: string, x: number, y: number, npc_name: string, script: string, extra: Record<string, unknown> = {}): Output =>
  gameAction('spawn_npc', { map, x, y, npc_name, script, ...extra }, { target_map: map });

export const removeNpc = (map: string, npc_name: string): Output => gameAction('remove_npc', { map, npc_name }, { target_map: map });

export const mapFlag = (map: string, flag: string, value: string | number, extra: Record<string, unknown> = {}): Output =>
  gameAction('set_map_flag', { map, flag, value, ...extra }, { target_map: map });

export const spawnMonsters = (map: string, x: number, y: number, monster_id: number, amount: number): Output =>
  gameAction('spawn_monster', { map, x, y, monster_id, amount }, { target_map: map });

/** Ask the world to forward every game event on `map` until `until` (see machines/world.ts). */
export const watchMap = (map: string, until: number): Output => message(WORLD, { type: 'world.watch', map, until });
export const unwatchMap = (map: string): Output => message(WORLD, { type: 'world.unwatch', map });
const WORLD = 'world:main';
