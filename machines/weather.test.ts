import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { SKY_FLAG, weatherMachine, nextSky, type Sky } from './weather.ts';
import { DEFAULT_CAPABILITIES } from '../contract/capabilities.ts';

describe('weather', () => {
  it('only changes reach the game, and climates differ: no snow in Morocc, no sandstorms in Prontera', () => {
    const w = drive(weatherMachine, 'weather:main');
    const seen: Record<string, Set<string>> = { morocc: new Set(), prontera: new Set() };
    for (let i = 0; i < 300; i++) {
      const before = w.value() as Record<string, Sky>;
      const out = w.send({ type: 'weather.shift' });
      const after = w.value() as Record<string, Sky>; // each town's region is in its sky
      const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
      const touched = new Set(out.map((o) => (o as unknown as { effect: { action: { target_map: string } } }).effect.action.target_map));
      expect([...touched].sort()).toEqual(changed.filter((t) => SKY_FLAG[before[t]!] !== SKY_FLAG[after[t]!] || ['rain', 'storm', 'sandstorm'].includes(after[t]!)).sort());
      seen.morocc!.add(after.morocc!);
      seen.prontera!.add(after.prontera!);
    }
    expect(seen.morocc!.has('snow')).toBe(false);
    expect(seen.morocc!.has('sandstorm')).toBe(true);
    expect(seen.prontera!.has('sandstorm')).toBe(false);
    expect(seen.prontera!.has('rain')).toBe(true);
  });

  it('shows each sky by real map flags only: the previous flag off, the new one on', () => {
    const w = drive(weatherMachine, 'weather:main');
    const on: Record<string, Set<string>> = {};
    for (let i = 0; i < 300; i++) w.send({ type: 'weather.shift' });
    for (const f of w.actions('set_map_flag')) {
      const p = f.payload as { map: string; flag: string; value: unknown };
      expect(DEFAULT_CAPABILITIES.map_flags).toContain(p.flag);
      expect(typeof p.value).toBe('boolean');
      const set = (on[p.map] ??= new Set());
      if (p.value) set.add(p.flag);
      else set.delete(p.flag);
    }
    // what the game shows now is exactly the flag of each town's current sky
    for (const [town, sky] of Object.entries(w.value() as Record<string, Sky>)) {
      expect([...(on[town] ?? [])]).toEqual(SKY_FLAG[sky] ? [SKY_FLAG[sky]] : []);
    }
  });

  it('arms its three-hourly shift once, at creation', () => {
    const w = drive(weatherMachine, 'weather:main');
    expect(w.outputs).toEqual([{ type: 'midgard.timer', timer: { id: 'shift', every: 3 * 3_600_000, event: { type: 'weather.shift' } } }]);
    expect(Object.values(w.value() as Record<string, string>).every((s) => s === 'clear')).toBe(true);
  });

  it('counts every change of sky', () => {
    const w = drive(weatherMachine, 'weather:main');
    let changed = 0;
    for (let i = 0; i < 50; i++) {
      const before = w.value() as Record<string, Sky>;
      w.send({ type: 'weather.shift' });
      const after = w.value() as Record<string, Sky>;
      changed += Object.keys(after).filter((t) => after[t] !== before[t]).length;
    }
    expect(changed).toBeGreaterThan(0);
    expect(w.context().changes).toBe(changed);
  });

  it('restores every town’s sky from a snapshot, without arming its timer again, and goes on the same', () => {
    const w = drive(weatherMachine, 'weather:main');
    for (let i = 0; i < 20; i++) w.send({ type: 'weather.shift' });
    const copy = drive(weatherMachine, 'weather:main', {}, { snapshot: JSON.parse(JSON.stringify(w.actor.getPersistedSnapshot())) });
    expect(copy.value()).toEqual(w.value());
    expect(copy.outputs).toEqual([]);
    for (let i = 0; i < 20; i++) expect(copy.send({ type: 'weather.shift' })).toEqual(w.send({ type: 'weather.shift' }));
  });

  it('is deterministic for a seed', () => {
    expect(nextSky(123, 'yuno', 'clear')).toEqual(nextSky(123, 'yuno', 'clear'));
  });
});
