import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { WORLD_EVENT_EFFECTS, worldEventMachine, type WorldEventContext, type WorldEventName } from './worldevent.ts';
import { loadedFields, loadedTowns } from './kit/stockMaps.ts';
import { DEFAULT_CAPABILITIES, checkAction } from '../contract/capabilities.ts';

const isOn = (v: unknown) => v === true || (typeof v === 'number' && v !== 100);

describe('worldevent', () => {
  it('rolls at noon about 30% of days, shows each event by real flags and sets every one back at the end', () => {
    let held = 0;
    let expectedOn = 0;
    const w = drive(worldEventMachine, 'worldevent:main');
    for (let day = 0; day < 200; day++) {
      w.send({ type: 'worldevent.roll' }, { now: day * 86_400_000 });
      const active = w.context<WorldEventContext>().active;
      expect(w.value()).toBe(active ? active.event : 'quiet');
      if (active) {
        held++;
        const fx = WORLD_EVENT_EFFECTS[active.event as WorldEventName];
        expectedOn += (fx.townSky ? loadedTowns.length : 0) + (fx.fieldJexp ? loadedFields.length : 0);
        w.send({ type: 'worldevent.end' }, { now: active.until });
        expect(w.value()).toBe('quiet');
      }
    }
    expect(held).toBeGreaterThan(35);
    expect(held).toBeLessThan(85);
    const flags = w.actions('set_map_flag');
    const on = flags.filter((f) => isOn(f.payload.value)).length;
    const off = flags.filter((f) => !isOn(f.payload.value)).length;
    expect(on).toBe(expectedOn);
    expect(off).toBe(on);
    for (const a of w.actions()) expect(checkAction({ action_id: 'x', ...a }, DEFAULT_CAPABILITIES)).toEqual({ ok: true });
  });

  it('can be triggered by other agents, but only with a known event and not twice at once', () => {
    const w = drive(worldEventMachine, 'worldevent:main');
    expect(w.outputs[0]).toMatchObject({ timer: { id: 'noon', daily: '12:00' } });
    w.send({ type: 'worldevent.trigger', event: 'nonsense' });
    expect(w.context<WorldEventContext>().active).toBeNull();
    expect(w.value()).toBe('quiet');
    w.send({ type: 'worldevent.trigger', event: 'blood_moon' });
    w.send({ type: 'worldevent.trigger', event: 'festival' });
    w.send({ type: 'worldevent.roll' });
    expect(w.context<WorldEventContext>()).toMatchObject({ active: { event: 'blood_moon' }, held: 1 });
    expect(w.value()).toBe('blood_moon');
  });
});
