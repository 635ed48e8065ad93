import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { dungeonMachine, type DungeonContext } from './dungeon.ts';
import { isInsideMap, mapByName, monstersForMap } from '../facts/index.ts';

describe('dungeon', () => {
  it('stores a layout of 4–7 rooms of the dungeon’s own monsters, and spawns them inside the map', () => {
    const d = drive(dungeonMachine, 'dungeon:main');
    expect(d.value()).toBe('unshaped');
    d.send({ type: 'pipeline.run', day: 1 });
    expect(d.value()).toEqual({ shaped: 'holding' });
    const layout = d.context<DungeonContext>().layout!;
    expect(mapByName(layout.map)?.kind).toBe('dungeon');
    expect(layout.rooms.length).toBeGreaterThanOrEqual(4);
    expect(layout.rooms.length).toBeLessThanOrEqual(7);
    const band = new Set(monstersForMap(layout.map).map((m) => m.id));
    for (const r of layout.rooms) expect(band.has(r.monster_id)).toBe(true);
    for (const s of d.actions('spawn_monster')) expect(isInsideMap(s.payload.map, s.payload.x, s.payload.y)).toBe(true);
    // the layout is Midgard's state, told to the dungeon's players (no invented map flag)
    expect(d.actions('set_map_flag')).toEqual([]);
    expect(d.actions('broadcast_message')[0]).toMatchObject({ target_map: layout.map });
  });

  it('gets harder after a cleared day and easier after a failed one, within 1..5', () => {
    const d = drive(dungeonMachine, 'dungeon:main');
    d.send({ type: 'pipeline.run', day: 1 });
    for (let day = 2; day < 8; day++) {
      const l = d.context<DungeonContext>().layout!;
      d.send({ type: 'monster_kill', player_id: 1, map: 'prt_fild08' }); // elsewhere: does not count
      for (let i = 0; i < l.target; i++) {
        expect(d.value()).toEqual({ shaped: 'holding' });
        d.send({ type: 'monster_kill', player_id: 1, map: l.map });
      }
      expect(d.value()).toEqual({ shaped: 'cleared' });
      d.send({ type: 'pipeline.run', day });
      expect(d.value()).toEqual({ shaped: 'holding' });
    }
    expect(d.context<DungeonContext>().difficulty).toBe(5);
    for (let day = 8; day < 15; day++) d.send({ type: 'pipeline.run', day });
    expect(d.context<DungeonContext>().difficulty).toBe(1);
    expect(d.context<DungeonContext>().history.slice(0, 3).map((h) => h.cleared)).toEqual([true, true, true]);
  });
});
