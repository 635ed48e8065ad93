import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { weatherMachine, nextSky, type WeatherContext } from './weather.ts';

describe('weather', () => {
  it('only emits changes, and climates differ: no snow in Morocc, no sandstorms in Prontera', () => {
    const w = drive(weatherMachine, 'weather:main');
    const seen: Record<string, Set<string>> = { morocc: new Set(), prontera: new Set() };
    for (let i = 0; i < 300; i++) {
      const before = { ...w.context<WeatherContext>().sky };
      const out = w.send({ type: 'weather.shift' });
      const after = w.context<WeatherContext>().sky;
      const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
      expect(out).toHaveLength(changed.length);
      seen.morocc!.add(after.morocc!);
      seen.prontera!.add(after.prontera!);
    }
    expect(seen.morocc!.has('snow')).toBe(false);
    expect(seen.morocc!.has('sandstorm')).toBe(true);
    expect(seen.prontera!.has('sandstorm')).toBe(false);
    expect(seen.prontera!.has('rain')).toBe(true);
  });

  it('is deterministic for a seed', () => {
    expect(nextSky(123, 'yuno', 'clear')).toEqual(nextSky(123, 'yuno', 'clear'));
  });
});
