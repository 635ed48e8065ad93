import { effect, message, type Output } from './outputs.ts';
import { randomInt } from './random.ts';
import { loadedMapSize } from './stockMaps.ts';
import type { ActionPayload, ActionTarget, ActionType, RATE_MAP_FLAGS } from '../../contract/actions.ts';
import type { NpcTemplate } from '../../contract/templates.ts';

export type { ActionTarget, ActionType } from '../../contract/actions.ts';

/**
 * Builders for the bridge contract's game actions (`contract/actions.ts`) and the AI layer's requests, so machines
 * never spell an effect by hand. Payloads are typed by the contract: a machine cannot build a payload shape the
 * game cannot parse. The main-thread handler checks each action against the game's capabilities and the
 * anti-cheat, and assigns the action id.
 *
 * @example
 * enqueue.emit(gameAction('broadcast_message', { message: 'The orcs march on Prontera!' }));
 */
export const gameAction = <T extends ActionType>(action_type: T, payload: ActionPayload<T>, target: ActionTarget = {}): Output =>
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

/** rAthena's broadcast takes at most 255 characters: longer text (an AI reply) is cut, not refused. */
export const MAX_MESSAGE = 255;
/**
 * Say something to everyone, to the players on `target_map`, or to `target_player_id` alone (the bridge sends a
 * message with a player to that player only).
 */
export const announce = (text: string, target: ActionTarget = {}): Output =>
  gameAction('broadcast_message', { message: text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text }, target);

export interface AiRequest {
  requestId: string;
  purpose: string;
  actorId: string;
  facts: Record<string, unknown>;
  options?: string[];
  complexity?: 'low' | 'medium' | 'high';
}

export const aiDecide = (request: AiRequest): Output => effect({ kind: 'ai.decide', request });

/** A cell inside a loaded map with a margin from its edges (spawns on the border look broken in game). */
export function randomCell(rng: number, map: string): [x: number, y: number, rng: number] {
  const size = loadedMapSize(map);
  if (!size) throw new Error(`map '${map}' is not one a stock server loads`);
  const [width, height] = size;
  const margin = Math.min(20, Math.floor(Math.min(width, height) / 4));
  const [x, r1] = randomInt(rng, margin, width - 1 - margin);
  const [y, r2] = randomInt(r1, margin, height - 1 - margin);
  return [x, y, r2];
}

/** rAthena's NPC_NAME_LENGTH. */
export const NPC_NAME_MAX = 24;
/**
 * An NPC name `Shown#uid`: the part after `#` is hidden in game and makes the name unique, so Midgard can move and
 * remove exactly this NPC. The shown part is cut to fit 24 characters; the uid never is.
 *
 * @example npcName('Treasure Chest', 't3_0') // 'Treasure Chest#t3_0'
 */
export function npcName(shown: string, uid: string): string {
  const clean = shown.replace(/["\\\n#]/g, '').trim() || 'NPC';
  return `${clean.slice(0, Math.max(1, NPC_NAME_MAX - 1 - uid.length)).trimEnd()}#${uid}`;
}

/** Place a copy of a template NPC the bridge's script ships (`contract/templates.ts`). */
export const spawnNpc = (map: string, x: number, y: number, npc_name: string, script: NpcTemplate, data?: Record<string, number | string>): Output =>
  gameAction('spawn_npc', { map, x, y, npc_name, script, ...(data ? { data } : {}) }, { target_map: map });

export const moveNpc = (map: string, npc_name: string, x: number, y: number): Output => gameAction('move_npc', { map, npc_name, x, y }, { target_map: map });

export const removeNpc = (map: string, npc_name: string): Output => gameAction('remove_npc', { map, npc_name }, { target_map: map });

/** The on/off rAthena map flags Midgard sets (all real: `src/map/map.hpp`, checked by a test). */
export type SwitchFlag = 'snow' | 'fog' | 'clouds' | 'clouds2' | 'sakura' | 'leaves' | 'fireworks' | 'nomobloot' | 'noloot';
export type RateFlag = (typeof RATE_MAP_FLAGS)[number];

/** Turn a real map flag on or off, or set a rate flag (`bexp`/`jexp`: percent, 100 = normal, 75 = -25% exp). */
export function mapFlag(map: string, flag: RateFlag, value: number): Output;
export function mapFlag(map: string, flag: SwitchFlag, value: boolean): Output;
export function mapFlag(map: string, flag: SwitchFlag | RateFlag, value: boolean | number): Output {
  return gameAction('set_map_flag', { map, flag, value }, { target_map: map });
}

export const spawnMonsters = (map: string, x: number, y: number, monster_id: number, amount: number): Output =>
  gameAction('spawn_monster', { map, x, y, monster_id, amount }, { target_map: map });

/** Post (`open`) or take down (`closed`) a world quest on the quest boards. */
export const postQuest = (quest: ActionPayload<'create_quest'>): Output => gameAction('create_quest', quest, quest.map ? { target_map: quest.map } : {});

/** Ask the world to forward every game event on `map` until `until` (see machines/world.ts). */
export const watchMap = (map: string, until: number): Output => message(WORLD, { type: 'world.watch', map, until });
export const unwatchMap = (map: string): Output => message(WORLD, { type: 'world.unwatch', map });
const WORLD = 'world:main';
