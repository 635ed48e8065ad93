import { ACTION_TYPES, type ActionPayload, type ActionTarget, type ActionType } from '../../contract/actions.ts';
import { isInsideMap, itemById, mapByName, monsterById } from '../../facts/index.ts';
import type { RewardBounds } from '../../machines/kit/kind.ts';
import { REWARD_BOUNDS } from '../kinds.ts';

/**
 * The game rules a game action must keep before it leaves Midgard: its payload as the contract declares it
 * (`contract/actions.ts`), rewards within the bounds of the agent that grants them, items and monsters that exist,
 * coordinates inside the map, and never a second reward for one event. What the game server can run (maps it
 * loads, its flags and templates) is the capability check's (`contract/capabilities.ts`), not this.
 * Pure apart from its own memory of rewarded events (bounded), so the effect handler can keep one per process.
 *
 * @example
 * const check = createAntiCheat();
 * check({ action_type: 'spawn_monster', payload: { map: 'prontera', x: 150, y: 180, monster_id: 1002, amount: 3 } });
 * // → { ok: true }
 */
export interface ProposedAction extends ActionTarget {
  action_type: string;
  payload?: Record<string, unknown>;
}

export type Verdict = { ok: true } | { ok: false; rejected: true; rule: string; reason: string };

export type { RewardBounds };

/** What each agent may grant in one reward (items are further limited to the cited item list): each kind's
 * declared `rewards` (machines/<kind>.kind.ts), keyed by the kind's name, which is the reward's `source`. */
export { REWARD_BOUNDS };

const ok: Verdict = { ok: true };
const reject = (rule: string, reason: string): Verdict => ({ ok: false, rejected: true, rule, reason });
const isActionType = (t: unknown): t is ActionType => typeof t === 'string' && Object.hasOwn(ACTION_TYPES, t);

function checkMap(map: string, cell?: { x: number; y: number }): Verdict {
  if (!mapByName(map)) return reject('unknown_map', `map '${map}' does not exist`);
  if (cell && !isInsideMap(map, cell.x, cell.y)) return reject('outside_map', `(${cell.x}, ${cell.y}) is outside ${map}`);
  return ok;
}

export function createAntiCheat(options: { rememberRewards?: number } = {}) {
  const limit = options.rememberRewards ?? 200_000;
  const rewarded = new Set<string>();

  function checkReward(p: ActionPayload<'give_reward'>): Verdict {
    const bounds = Object.hasOwn(REWARD_BOUNDS, p.source) ? REWARD_BOUNDS[p.source] : undefined;
    if (!bounds) return reject('unknown_source', `no reward bounds for source '${p.source}'`);
    for (const field of ['zeny', 'base_exp', 'job_exp', 'quantity'] as const) {
      if (p[field] > bounds[field]) return reject('over_bounds', `${field} ${p[field]} exceeds ${bounds[field]} for ${p.source}`);
    }
    if (p.item_id !== 0 && !itemById(p.item_id)) return reject('unknown_item', `item ${p.item_id} does not exist`);
    if (p.item_id !== 0 && p.quantity === 0) return reject('bad_amount', 'an item reward needs a quantity');
    const key = `${p.source}\u0001${p.source_event}\u0001${p.player_id}`;
    if (rewarded.has(key)) return reject('duplicate_reward', `player ${p.player_id} was already rewarded for ${p.source} ${p.source_event}`);
    rewarded.add(key);
    if (rewarded.size > limit) rewarded.delete(rewarded.values().next().value!);
    return ok;
  }

  return function validate(action: ProposedAction): Verdict {
    if (!action || !isActionType(action.action_type)) return reject('unknown_action', `unknown action_type '${action?.action_type}'`);
    if (action.target_map !== undefined && !mapByName(action.target_map)) return reject('unknown_map', `target_map '${action.target_map}' does not exist`);
    const parsed = ACTION_TYPES[action.action_type].payload.safeParse(action.payload ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return reject('contract', `${action.action_type} payload ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    const p = parsed.data as Record<string, unknown>;
    switch (action.action_type) {
      case 'spawn_monster': {
        const { map, x, y, monster_id, amount } = p as ActionPayload<'spawn_monster'>;
        const m = checkMap(map, x === 0 && y === 0 ? undefined : { x, y });
        if (!m.ok) return m;
        const monster = monsterById(monster_id);
        if (!monster) return reject('unknown_monster', `monster ${monster_id} does not exist`);
        // one MVP at a time: a pack of bosses is never a fair fight
        return !monster.mvp || amount === 1 ? ok : reject('bad_amount', `amount must be 1 for ${monster.name}`);
      }
      case 'spawn_npc':
      case 'move_npc': {
        const { map, x, y } = p as ActionPayload<'move_npc'>;
        return checkMap(map, { x, y });
      }
      case 'remove_npc':
      case 'set_map_flag':
        return checkMap(String(p.map));
      case 'give_reward':
        return checkReward(p as ActionPayload<'give_reward'>);
      case 'create_quest': {
        const q = p as ActionPayload<'create_quest'>;
        if (q.map !== undefined && !mapByName(q.map)) return reject('unknown_map', `map '${q.map}' does not exist`);
        if (q.monster_id !== undefined && !monsterById(q.monster_id)) return reject('unknown_monster', `monster ${q.monster_id} does not exist`);
        return ok;
      }
      case 'update_economy': {
        for (const { item_id } of (p as ActionPayload<'update_economy'>).prices) if (!itemById(item_id)) return reject('unknown_item', `item ${item_id} does not exist`);
        return ok;
      }
      case 'broadcast_message':
        return ok;
    }
  };
}
