import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { treasureMachine, type TreasureContext } from './treasure.ts';
import { DAY } from './kit/time.ts';
import { isInsideMap, itemById } from '../facts/index.ts';

describe('treasure', () => {
  it('places 8–12 chests inside real maps, weighted toward busy maps', () => {
    let onHot = 0;
    let total = 0;
    for (let seed = 0; seed < 10; seed++) {
      const t = drive(treasureMachine, 'treasure:main', {}, { seed });
      t.send({ type: 'world.digest', digest: { hotMaps: [{ map: 'pay_dun00', activity: 200 }] } });
      t.send({ type: 'pipeline.run', day: 2 });
      const spawns = t.actions('spawn_npc');
      expect(spawns.length).toBeGreaterThanOrEqual(8);
      expect(spawns.length).toBeLessThanOrEqual(12);
      for (const s of spawns) expect(isInsideMap(s.payload.map, s.payload.x, s.payload.y)).toBe(true);
      onHot += spawns.filter((s) => s.payload.map === 'pay_dun00').length;
      total += spawns.length;
    }
    expect(onHot / total).toBeGreaterThan(0.4);
  });

  it('rewards the first opener once, removes the chest, and removes unopened chests at expiry', () => {
    const t = drive(treasureMachine, 'treasure:main');
    expect(t.value()).toBe('idle');
    t.send({ type: 'pipeline.run', day: 2 });
    expect(t.value()).toBe('placed');
    const [first, second] = t.context<TreasureContext>().chests;
    t.send({ type: 'treasure.claim', chest: first!.id, player_id: 5 });
    t.send({ type: 'treasure.claim', chest: first!.id, player_id: 6 });
    expect(t.actions('give_reward')).toHaveLength(1);
    expect(itemById(t.actions('give_reward')[0]!.payload.item_id)).toBeDefined();
    t.send({ type: 'treasure.expire', chest: second!.id }, { now: DAY });
    expect(t.actions('remove_npc').map((a) => a.payload.npc_name)).toEqual([first!.npc_name, second!.npc_name]);
    expect(t.value()).toBe('placed');
    for (const c of t.context<TreasureContext>().chests) t.send({ type: 'treasure.expire', chest: c.id }, { now: DAY });
    expect(t.value()).toBe('idle'); // the last chest gone: nothing left to find
    expect(t.context<TreasureContext>()).toMatchObject({ chests: [], claimed: 1 });
  });
});
