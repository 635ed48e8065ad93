import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { worldEventMachine, type WorldEventContext } from './worldEvent.ts';
import { towns } from '../facts/index.ts';

describe('worldEvent', () => {
  it('rolls at noon about 30% of days, flags every town and unflags them at the end', () => {
    let held = 0;
    const w = drive(worldEventMachine, 'worldevent:main');
    for (let day = 0; day < 200; day++) {
      w.send({ type: 'worldevent.roll' }, { now: day * 86_400_000 });
      const active = w.context<WorldEventContext>().active;
      if (active) {
        held++;
        w.send({ type: 'worldevent.end' }, { now: active.until });
      }
    }
    expect(held).toBeGreaterThan(35);
    expect(held).toBeLessThan(85);
    const on = w.actions('set_map_flag').filter((f) => f.payload.value === 1).length;
    const off = w.actions('set_map_flag').filter((f) => f.payload.value === 0).length;
    expect(on).toBe(held * towns.length);
    expect(off).toBe(on);
  });

  it('can be triggered by other agents, but only with a known event and not twice at once', () => {
    const w = drive(worldEventMachine, 'worldevent:main');
    w.send({ type: 'worldevent.trigger', event: 'nonsense' });
    expect(w.context<WorldEventContext>().active).toBeNull();
    w.send({ type: 'worldevent.trigger', event: 'blood_moon' });
    w.send({ type: 'worldevent.trigger', event: 'festival' });
    expect(w.context<WorldEventContext>()).toMatchObject({ active: { event: 'blood_moon' }, held: 1 });
  });
});
