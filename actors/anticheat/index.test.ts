import { describe, expect, it } from 'vitest';
import { createAntiCheat } from './index.ts';

const reward = (over: Record<string, unknown> = {}) => ({ action_type: 'give_reward', payload: { player_id: 7, item_id: 501, quantity: 2, zeny: 100, base_exp: 0, job_exp: 0, source: 'treasure', source_event: 'chest:t1_0', ...over } });

describe('anticheat', () => {
  it('accepts valid actions of every type', () => {
    const check = createAntiCheat();
    const good = [
      { action_type: 'spawn_monster', payload: { map: 'prontera', x: 150, y: 180, monster_id: 1002, amount: 3 } },
      { action_type: 'spawn_npc', payload: { map: 'prontera', x: 150, y: 180, npc_name: 'Bria#1', script: 's' } },
      { action_type: 'move_npc', payload: { map: 'prontera', x: 10, y: 10, npc_name: 'Bria#1' } },
      { action_type: 'remove_npc', payload: { map: 'prontera', npc_name: 'Bria#1' } },
      { action_type: 'set_map_flag', payload: { map: 'prt_fild08', flag: 'nomobloot', value: true } },
      { action_type: 'broadcast_message', payload: { message: 'hello' } },
      { action_type: 'create_quest', payload: { quest_id: 70001, state: 'open', map: 'prt_fild08', monster_id: 1002 } },
      { action_type: 'update_economy', payload: { prices: [{ item_id: 909, price: 12 }] } },
      reward(),
    ];
    for (const a of good) expect(check(a), a.action_type).toEqual({ ok: true });
  });

  it.each([
    [{ action_type: 'teleport_everyone', payload: {} }, 'unknown_action'],
    [{ action_type: 'spawn_monster', payload: { map: 'atlantis', x: 1, y: 1, monster_id: 1002, amount: 1 } }, 'unknown_map'],
    [{ action_type: 'spawn_monster', payload: { map: 'prontera', x: 312, y: 10, monster_id: 1002, amount: 1 } }, 'outside_map'],
    [{ action_type: 'spawn_monster', payload: { map: 'prontera', x: 5, y: -1, monster_id: 1002, amount: 1 } }, 'contract'],
    [{ action_type: 'spawn_monster', payload: { map: 'prontera', x: 5, y: 5, monster_id: 999999, amount: 1 } }, 'unknown_monster'],
    [{ action_type: 'spawn_monster', payload: { map: 'prontera', x: 5, y: 5, monster_id: 1039, amount: 2 } }, 'bad_amount'],
    [{ action_type: 'spawn_npc', payload: { map: 'prontera', x: 5, y: 5, npc_name: '', script: 'midgard_dynamic' } }, 'contract'],
    [{ action_type: 'broadcast_message', payload: { message: 'x'.repeat(256) } }, 'contract'],
    [{ action_type: 'set_map_flag', payload: { map: 'prontera', flag: 'weather', value: 'rain' } }, 'contract'],
    [{ action_type: 'create_quest', payload: { quest_id: 1, state: 'open', reward: { zeny: 1 } } }, 'contract'],
    [{ action_type: 'update_economy', payload: { values: { potion: 12 } } }, 'contract'],
    [{ action_type: 'update_economy', payload: { prices: [{ item_id: 1, price: 5 }] } }, 'unknown_item'],
    [reward({ zeny: 5001 }), 'over_bounds'],
    [reward({ source: 'admin_friend' }), 'unknown_source'],
    [reward({ item_id: 424242 }), 'unknown_item'],
    [reward({ source_event: '' }), 'contract'],
    [reward({ player_id: 0 }), 'contract'],
    [reward({ zeny: -5 }), 'contract'],
    [reward({ quantity: 0 }), 'bad_amount'],
  ])('rejects %j as %s', (action, rule) => {
    const verdict = createAntiCheat()(action as never);
    expect(verdict).toMatchObject({ ok: false, rejected: true, rule });
    if (!verdict.ok) expect(verdict.reason.length).toBeGreaterThan(5);
  });

  it('refuses a second reward for the same event and player, but not for another player', () => {
    const check = createAntiCheat();
    expect(check(reward()).ok).toBe(true);
    expect(check(reward())).toMatchObject({ ok: false, rule: 'duplicate_reward' });
    expect(check(reward({ player_id: 8 })).ok).toBe(true);
  });

  it('forgets the oldest rewarded events past its memory bound', () => {
    const check = createAntiCheat({ rememberRewards: 2 });
    for (const e of ['a', 'b', 'c']) expect(check(reward({ source_event: e })).ok).toBe(true);
    expect(check(reward({ source_event: 'a' })).ok).toBe(true);
    expect(check(reward({ source_event: 'c' })).ok).toBe(false);
  });
});
