import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { caravanMachine } from './caravan.ts';
import { HOUR } from './kit/time.ts';

describe('caravan', () => {
  it('answers a price spike with a caravan that adds supply and leaves after six hours', () => {
    const e = drive(caravanMachine, 'caravan:main');
    e.send({ type: 'market.spike', item_id: 909, price: 40, base: 20 }, { now: HOUR });
    e.send({ type: 'market.spike', item_id: 909, price: 45, base: 20 }, { now: 2 * HOUR }); // same day: ignored
    const spawns = e.actions('spawn_npc');
    expect(spawns).toHaveLength(1);
    expect(e.value()).toBe('hosting');
    expect(e.messages('economy:main')[0]!.event).toMatchObject({ type: 'economy.supply', item_id: 909 });
    expect(e.messages('npc:0')[0]!.event).toMatchObject({ type: 'rumour.seed' });
    e.send({ type: 'caravan.leave', npc_name: 'nobody' }, { now: 7 * HOUR });
    expect(e.value()).toBe('hosting');
    e.send({ type: 'caravan.leave', npc_name: spawns[0]!.payload.npc_name }, { now: 7 * HOUR });
    expect(e.value()).toBe('quiet');
    expect(e.actions('remove_npc')).toHaveLength(1);
    expect(e.actions('remove_npc')[0]!.payload).toMatchObject({ npc_name: spawns[0]!.payload.npc_name, map: spawns[0]!.payload.map });
  });

  it('answers a glut with buyers (demand), and ignores unknown items and ordinary moves', () => {
    const e = drive(caravanMachine, 'caravan:main');
    e.send({ type: 'market.spike', item_id: 1, price: 1, base: 20 });
    e.send({ type: 'market.spike', item_id: 909, price: 25, base: 20 });
    e.send({ type: 'market.spike', item_id: 909, price: 17, base: 20 });
    expect(e.outputs).toEqual([]);
    e.send({ type: 'market.spike', item_id: 909, price: 5, base: 20 });
    expect(e.messages('economy:main')[0]!.event).toMatchObject({ type: 'economy.shock', item_id: 909 });
    expect(e.actions('spawn_npc')).toHaveLength(0);
    expect(e.value()).toBe('quiet');
  });

  it('stays hosting while any caravan is in town', () => {
    const e = drive(caravanMachine, 'caravan:main');
    e.send({ type: 'market.spike', item_id: 909, price: 40, base: 20 }, { now: HOUR });
    e.send({ type: 'market.spike', item_id: 501, price: 100, base: 50 }, { now: 2 * HOUR });
    const [first, second] = e.actions('spawn_npc').map((s) => s.payload.npc_name);
    e.send({ type: 'caravan.leave', npc_name: first }, { now: 7 * HOUR });
    expect(e.value()).toBe('hosting');
    e.send({ type: 'caravan.leave', npc_name: second }, { now: 8 * HOUR });
    expect(e.value()).toBe('quiet');
  });
});
