import { describe, expect, it } from 'vitest';
import { nextRandom, pick, pickWeighted, randomInt, seedFor } from './random.ts';

describe('seeded random', () => {
  it('replays the same sequence from the same state', () => {
    const draw = (state: number, n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) [out[i], state] = nextRandom(state);
      return out;
    };
    expect(draw(42, 5)).toEqual(draw(42, 5));
    expect(draw(42, 5)).not.toEqual(draw(43, 5));
    for (const v of draw(7, 1000)) expect(v >= 0 && v < 1).toBe(true);
  });

  it('gives each actor its own stream', () => {
    expect(seedFor(1, 'npc:1')).not.toBe(seedFor(1, 'npc:2'));
    expect(seedFor(1, 'npc:1')).not.toBe(seedFor(2, 'npc:1'));
    expect(seedFor(1, 'npc:1')).toBe(seedFor(1, 'npc:1'));
  });

  it('draws integers in range, picks and weighted picks', () => {
    let state = 9;
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      let v;
      [v, state] = randomInt(state, 3, 6);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
    expect(pick(1, ['only'])[0]).toBe('only');
    let heavy = 0;
    for (let i = 0; i < 1000; i++) {
      let v;
      [v, state] = pickWeighted(state, ['a', 'b'], (x) => (x === 'a' ? 9 : 1));
      if (v === 'a') heavy++;
    }
    expect(heavy).toBeGreaterThan(850);
    expect(heavy).toBeLessThan(950);
  });
});
