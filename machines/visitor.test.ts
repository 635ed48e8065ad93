import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { visitorMachine } from './visitor.ts';
import { OUTPUT } from './kit/outputs.ts';
import { isInsideMap, mapByName } from '../facts/index.ts';

describe('visitor', () => {
  it('spawns 25–40 NPCs with personalities in towns, moves them at noon and removes them all at 23:00', () => {
    const d = drive(visitorMachine, 'visitor:main');
    expect(d.value()).toBe('away');
    d.send({ type: 'visitor.wander' });
    expect(d.outputs).toEqual([]);
    d.send({ type: 'pipeline.run', day: 1 }, { now: 86_400_000 + 6 * 3_600_000 });
    expect(d.value()).toEqual({ inTown: 'arrived' });
    const spawns = d.actions('spawn_npc');
    expect(spawns.length).toBeGreaterThanOrEqual(25);
    expect(spawns.length).toBeLessThanOrEqual(40);
    for (const s of spawns) {
      expect(mapByName(s.payload.map)?.kind).toBe('town');
      expect(s.payload.data).toMatchObject({ archetype: expect.any(String), sociability: expect.any(Number) });
      expect(s.payload.script).toBe('midgard_dynamic');
      expect(s.payload.npc_name.length).toBeLessThanOrEqual(24);
    }
    expect(new Set(spawns.map((s) => s.payload.npc_name)).size).toBe(spawns.length);
    const timers = d.outputs.filter((o) => o.type === OUTPUT.timer).map((o: any) => o.timer);
    expect(timers.map((t) => t.at)).toEqual([86_400_000 + 12 * 3_600_000, 86_400_000 + 23 * 3_600_000]);
    const [wander, leave] = timers;
    d.send(wander.event, { now: wander.at });
    expect(d.value()).toEqual({ inTown: 'wandered' });
    d.send(leave.event, { now: leave.at });
    expect(d.value()).toBe('away');
    const moves = d.actions('move_npc');
    expect(moves).toHaveLength(spawns.length);
    for (const m of moves) expect(isInsideMap(m.payload.map, m.payload.x, m.payload.y)).toBe(true);
    expect(d.actions('remove_npc').map((r) => r.payload.npc_name).sort()).toEqual(spawns.map((s) => s.payload.npc_name).sort());
  });
});
