import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { HAZARDS, hazardMachine, type HazardContext } from './hazard.ts';
import { HOUR } from './kit/time.ts';
import { DEFAULT_CAPABILITIES, checkAction } from '../contract/capabilities.ts';
import { isLoadedMap } from './kit/stockMaps.ts';

describe('hazard', () => {
  it('sets 3–5 hazards on distinct loaded maps for 6–12 hours and really lifts them at expiry', () => {
    for (let seed = 0; seed < 10; seed++) {
      const h = drive(hazardMachine, 'hazard:main', {}, { seed });
      expect(h.value()).toBe('calm');
      h.send({ type: 'pipeline.run', day: 1 }, { now: 1000 });
      expect(h.value()).toBe('active');
      const active = h.context<HazardContext>().active;
      expect(active.length).toBeGreaterThanOrEqual(3);
      expect(active.length).toBeLessThanOrEqual(5);
      expect(new Set(active.map((a) => a.map)).size).toBe(active.length);
      for (const a of active) {
        expect(isLoadedMap(a.map)).toBe(true);
        expect(a.until - 1000).toBeGreaterThanOrEqual(6 * HOUR);
        expect(a.until - 1000).toBeLessThanOrEqual(12 * HOUR);
      }
      const ons = h.actions('set_map_flag').length;
      h.send({ type: 'hazard.expire', id: active[0]!.id }, { now: active[0]!.until });
      h.send({ type: 'hazard.expire', id: active[0]!.id }, { now: active[0]!.until }); // already lifted: nothing
      expect(h.value()).toBe('active'); // the others still hold
      for (const a of active.slice(1)) h.send({ type: 'hazard.expire', id: a.id }, { now: a.until });
      const flags = h.actions('set_map_flag');
      const offs = flags.slice(ons);
      // every flag set on goes back: off for on/off flags, 100% for rates
      expect(offs.length).toBe(ons);
      for (const f of offs) expect([false, 100]).toContain(f.payload.value);
      const withFlags = active.filter((a) => HAZARDS[a.hazard].flags.length);
      expect([...new Set(offs.map((f) => f.payload.map))].sort()).toEqual(withFlags.map((a) => a.map).sort());
      expect(h.context<HazardContext>().active).toEqual([]);
      expect(h.value()).toBe('calm');
    }
  });

  it('adds a new day of hazards beside those still active, never twice on one map', () => {
    const h = drive(hazardMachine, 'hazard:main');
    h.send({ type: 'pipeline.run', day: 1 }, { now: 0 });
    const first = h.context<HazardContext>().active.length;
    h.send({ type: 'pipeline.run', day: 2 }, { now: 1000 });
    const active = h.context<HazardContext>().active;
    expect(active.length).toBeGreaterThan(first);
    expect(new Set(active.map((a) => a.map)).size).toBe(active.length);
    expect(h.value()).toBe('active');
  });

  it('asks only for what a stock rAthena server can run: real flags, real monsters on loaded maps', () => {
    for (let seed = 0; seed < 20; seed++) {
      const h = drive(hazardMachine, 'hazard:main', {}, { seed });
      h.send({ type: 'pipeline.run', day: 1 }, { now: 1000 });
      for (const a of h.context<HazardContext>().active) h.send({ type: 'hazard.expire', id: a.id }, { now: a.until });
      for (const a of h.actions()) expect(checkAction({ action_id: 'x', ...a }, DEFAULT_CAPABILITIES)).toEqual({ ok: true });
    }
  });
});
