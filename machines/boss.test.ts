import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { bossMachine, mvpsOfTier, type BossContext } from './boss.ts';
import { HOUR } from './kit/time.ts';
import { isInsideMap, monsterById } from '../facts/index.ts';

describe('boss', () => {
  it('raises a real MVP at 20:00 inside a dungeon and escapes after four hours, getting weaker', () => {
    const b = drive(bossMachine, 'boss:main');
    expect(b.outputs[0]).toMatchObject({ timer: { id: 'rise', daily: '20:00' } });
    b.send({ type: 'boss.rise' }, { now: 20 * HOUR, tick: 1 });
    expect(b.value()).toBe('abroad');
    const spawn = b.actions('spawn_monster')[0]!;
    expect(monsterById(spawn.payload.monster_id)?.mvp).toBe(true);
    expect(isInsideMap(spawn.payload.map, spawn.payload.x, spawn.payload.y)).toBe(true);
    b.send({ type: 'boss.rise' }, { now: 21 * HOUR, tick: 2 }); // already abroad: ignored
    expect(b.actions('spawn_monster')).toHaveLength(1);
    const id = b.context<BossContext>().current!.id;
    b.send({ type: 'boss.escape', id }, { now: 24 * HOUR });
    expect(b.value()).toBe('dormant');
    expect(b.context<BossContext>()).toMatchObject({ escaped: 1, tier: 1 });
  });

  it('a quick kill of the right MVP on its map rewards the killer once, raises the tier and starts a chain', () => {
    const b = drive(bossMachine, 'boss:main');
    b.send({ type: 'boss.rise' }, { now: 20 * HOUR, tick: 1 });
    const cur = b.context<BossContext>().current!;
    b.send({ type: 'mvp_kill', player_id: 3, map: cur.map, payload: { mvp_id: cur.monster_id + 100000 } }, { now: 20.5 * HOUR });
    expect(b.value()).toBe('abroad');
    b.send({ type: 'mvp_kill', player_id: 3, map: cur.map, payload: { mvp_id: cur.monster_id } }, { now: 20.5 * HOUR });
    b.send({ type: 'mvp_kill', player_id: 4, map: cur.map, payload: { mvp_id: cur.monster_id } }, { now: 20.6 * HOUR });
    expect(b.actions('give_reward').map((r) => r.payload.player_id)).toEqual([3]);
    expect(b.context<BossContext>()).toMatchObject({ slain: 1, tier: 2 });
    expect(b.messages('chain:main')[0]!.event).toMatchObject({ type: 'chain.trigger', cause: 'boss_slain', map: cur.map });
    expect(mvpsOfTier(5).at(-1)!.level).toBeGreaterThanOrEqual(mvpsOfTier(1)[0]!.level);
  });
});
