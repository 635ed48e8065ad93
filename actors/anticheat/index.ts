import { isInsideMap, itemById, mapByName, monsterById } from '../../facts/index.ts';

/**
 * The last check before a game action leaves Midgard: rewards within the bounds of the agent that grants
 * them, items and monsters that exist, coordinates inside the map, and never a second reward for one event.
 * Pure apart from its own memory of rewarded events (bounded), so the effect handler can keep one per process.
 *
 * @example
 * const check = createAntiCheat();
 * check({ action_type: 'spawn_monster', payload: { map: 'prontera', x: 150, y: 180, monster_id: 1002, amount: 3 } });
 * // → { ok: true }
 */
export interface ProposedAction {
  action_type: string;
  target_map?: string;
  target_player_id?: number;
  priority?: number;
  payload?: Record<string, unknown>;
}

export type Verdict = { ok: true } | { ok: false; rejected: true; rule: string; reason: string };

export interface RewardBounds {
  zeny: number;
  base_exp: number;
  job_exp: number;
  quantity: number;
}

/** What each agent may grant in one reward (items are further limited to the cited item list). */
export const REWARD_BOUNDS: Record<string, RewardBounds> = {
  quest: { zeny: 100_000, base_exp: 500_000, job_exp: 500_000, quantity: 10 },
  problem: { zeny: 10_000, base_exp: 50_000, job_exp: 50_000, quantity: 10 },
  treasure: { zeny: 5_000, base_exp: 10_000, job_exp: 10_000, quantity: 3 },
  archaeology: { zeny: 1_000, base_exp: 5_000, job_exp: 5_000, quantity: 1 },
  social: { zeny: 5_000, base_exp: 20_000, job_exp: 20_000, quantity: 5 },
  karma: { zeny: 0, base_exp: 0, job_exp: 0, quantity: 1 },
  boss: { zeny: 200_000, base_exp: 1_000_000, job_exp: 1_000_000, quantity: 1 },
  chain: { zeny: 20_000, base_exp: 100_000, job_exp: 100_000, quantity: 10 },
};

const ACTION_TYPES = new Set(['spawn_npc', 'spawn_monster', 'give_reward', 'broadcast_message', 'create_quest', 'set_map_flag', 'move_npc', 'remove_npc', 'update_economy']);
const MAX_AMOUNT = 50;
const MAX_MESSAGE = 255;

const ok: Verdict = { ok: true };
const reject = (rule: string, reason: string): Verdict => ({ ok: false, rejected: true, rule, reason });
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const nonNegInt = (v: unknown): v is number => isInt(v) && v >= 0;

function checkMap(p: Record<string, unknown>, needsCell: boolean): Verdict {
  if (typeof p.map !== 'string' || !mapByName(p.map)) return reject('unknown_map', `map '${String(p.map)}' does not exist`);
  if (needsCell && !isInsideMap(p.map, p.x as number, p.y as number)) return reject('outside_map', `(${String(p.x)}, ${String(p.y)}) is outside ${p.map}`);
  return ok;
}

function checkNpcName(p: Record<string, unknown>): Verdict {
  return typeof p.npc_name === 'string' && p.npc_name.length > 0 && p.npc_name.length <= 64 ? ok : reject('bad_npc_name', 'npc_name must be 1–64 characters');
}

export function createAntiCheat(options: { rememberRewards?: number } = {}) {
  const limit = options.rememberRewards ?? 200_000;
  const rewarded = new Set<string>();

  function checkReward(p: Record<string, unknown>): Verdict {
    const source = String(p.source ?? '');
    const bounds = REWARD_BOUNDS[source];
    if (!bounds) return reject('unknown_source', `no reward bounds for source '${source}'`);
    if (!isInt(p.player_id) || p.player_id <= 0) return reject('bad_player', 'player_id must be a positive integer');
    if (typeof p.source_event !== 'string' || !p.source_event) return reject('no_source_event', 'a reward must name the event it rewards');
    for (const field of ['zeny', 'base_exp', 'job_exp', 'quantity'] as const) {
      const v = p[field] ?? 0;
      if (!nonNegInt(v)) return reject('bad_amount', `${field} must be a non-negative integer`);
      if (v > bounds[field]) return reject('over_bounds', `${field} ${v} exceeds ${bounds[field]} for ${source}`);
    }
    const item = p.item_id ?? 0;
    if (!nonNegInt(item)) return reject('unknown_item', 'item_id must be an integer');
    if (item !== 0 && !itemById(item)) return reject('unknown_item', `item ${item} does not exist`);
    if (item !== 0 && !((p.quantity as number) > 0)) return reject('bad_amount', 'an item reward needs a quantity');
    const key = `${source}\u0001${p.source_event}\u0001${p.player_id}`;
    if (rewarded.has(key)) return reject('duplicate_reward', `player ${p.player_id} was already rewarded for ${source} ${p.source_event}`);
    rewarded.add(key);
    if (rewarded.size > limit) rewarded.delete(rewarded.values().next().value!);
    return ok;
  }

  return function validate(action: ProposedAction): Verdict {
    if (!action || !ACTION_TYPES.has(action.action_type)) return reject('unknown_action', `unknown action_type '${action?.action_type}'`);
    if (action.target_map !== undefined && !mapByName(action.target_map)) return reject('unknown_map', `target_map '${action.target_map}' does not exist`);
    const p = action.payload ?? {};
    switch (action.action_type) {
      case 'spawn_monster': {
        const m = checkMap(p, true);
        if (!m.ok) return m;
        const monster = isInt(p.monster_id) ? monsterById(p.monster_id) : undefined;
        if (!monster) return reject('unknown_monster', `monster ${String(p.monster_id)} does not exist`);
        const max = monster.mvp ? 1 : MAX_AMOUNT;
        return isInt(p.amount) && p.amount >= 1 && p.amount <= max ? ok : reject('bad_amount', `amount must be 1–${max} for ${monster.name}`);
      }
      case 'spawn_npc':
      case 'move_npc': {
        const m = checkMap(p, true);
        return m.ok ? checkNpcName(p) : m;
      }
      case 'remove_npc': {
        const m = checkMap(p, false);
        return m.ok ? checkNpcName(p) : m;
      }
      case 'set_map_flag': {
        const m = checkMap(p, false);
        return !m.ok ? m : typeof p.flag === 'string' && p.flag ? ok : reject('bad_flag', 'a map flag needs a name');
      }
      case 'give_reward':
        return checkReward(p);
      case 'broadcast_message':
        return typeof p.message === 'string' && p.message.length > 0 && p.message.length <= MAX_MESSAGE ? ok : reject('bad_message', `message must be 1–${MAX_MESSAGE} characters`);
      case 'create_quest': {
        if (!isInt(p.quest_id) || p.quest_id <= 0) return reject('bad_quest', 'quest_id must be a positive integer');
        if (p.map !== undefined && !mapByName(String(p.map))) return reject('unknown_map', `map '${String(p.map)}' does not exist`);
        if (p.monster_id !== undefined && !(isInt(p.monster_id) && monsterById(p.monster_id))) return reject('unknown_monster', `monster ${String(p.monster_id)} does not exist`);
        return ok;
      }
      case 'update_economy': {
        if (!Array.isArray(p.prices) || !p.prices.length) return reject('bad_prices', 'prices must be a non-empty list');
        for (const q of p.prices as { item_id?: unknown; price?: unknown }[]) {
          if (!isInt(q?.item_id) || !itemById(q.item_id)) return reject('unknown_item', `item ${String(q?.item_id)} does not exist`);
          if (!isInt(q.price) || q.price <= 0) return reject('bad_prices', `price of ${q.item_id} must be a positive integer`);
        }
        return ok;
      }
    }
    return ok;
  };
}
