import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { hazardMachine, type HazardContext } from './hazard.ts';
import { HOUR } from './kit/time.ts';
import { mapByName } from '../facts/index.ts';

describe('hazard', () => {
  it('sets 3–5 hazards on distinct real maps for 6–12 hours and really lifts them at expiry', () => {
    for (let seed = 0; seed < 10; seed++) {
      const h = drive(hazardMachine, 'hazard:main', {}, { seed });
      h.send({ type: 'pipeline.run', day: 1 }, { now: 1000 });
      const active = h.context<HazardContext>().active;
      expect(active.length).toBeGreaterThanOrEqual(3);
      expect(active.length).toBeLessThanOrEqual(5);
      expect(new Set(active.map((a) => a.map)).size).toBe(active.length);
      for (const a of active) {
        expect(mapByName(a.map)).toBeDefined();
        expect(a.until - 1000).toBeGreaterThanOrEqual(6 * HOUR);
        expect(a.until - 1000).toBeLessThanOrEqual(12 * HOUR);
      }
      for (const a of active) h.send({ type: 'hazard.expire', id: a.id }, { now: a.until });
      const offs = h.actions('set_map_flag').filter((f) => f.payload.value === 0);
      expect(offs.map((f) => f.payload.map).sort()).toEqual(active.map((a) => a.map).sort());
      expect(h.context<HazardContext>().active).toEqual([]);
    }
  });
});
