import { describe, expect, it } from 'vitest';
import { contextKey, normaliseRequest } from './normalise.ts';
import { cosine, vectorize } from './vectorize.ts';

const facts10 = { a: 'x', b: 'y', c: 'z', d: 1, e: 2, f: true, g: 'rain', h: 'day', i: 'calm', j: 'prontera' };

describe('normalised context', () => {
  it('ignores who asks, letter case, spacing, key order, option order and float jitter', () => {
    const a = contextKey({ purpose: 'Dialogue', facts: { Weather: ' Rain  now', hp: 0.2501, map: 'prt' }, options: ['b', 'a'] });
    const b = contextKey({ purpose: 'dialogue', facts: { map: 'PRT', hp: 0.25, weather: 'rain now' }, options: ['a', 'b'] });
    expect(a).toBe(b);
  });

  it('separates different facts, purposes and option sets', () => {
    const base = { purpose: 'decision', facts: { weather: 'rain' }, options: ['a', 'b'] };
    const key = contextKey(base);
    expect(contextKey({ ...base, facts: { weather: 'snow' } })).not.toBe(key);
    expect(contextKey({ ...base, purpose: 'dialogue' })).not.toBe(key);
    expect(contextKey({ ...base, options: ['a', 'c'] })).not.toBe(key);
    expect(contextKey({ ...base, options: undefined })).not.toBe(key);
  });
});

describe('feature-hashing vectors', () => {
  const vec = (facts: Record<string, unknown>) => vectorize(normaliseRequest({ purpose: 'p', facts: facts as never }).facts);

  it('scores identical contexts 1 and one differing fact out of ten about 0.9 (a near-duplicate)', () => {
    expect(cosine(vec(facts10), vec({ ...facts10 }))).toBeCloseTo(1, 5);
    const score = cosine(vec(facts10), vec({ ...facts10, j: 'geffen' }));
    expect(score).toBeGreaterThan(0.85);
    expect(score).toBeLessThan(0.95);
  });

  it('scores one differing fact out of four below the 0.85 threshold', () => {
    const four = { a: 'x', b: 'y', c: 'z', d: 'w' };
    expect(cosine(vec(four), vec({ ...four, d: 'v' }))).toBeLessThan(0.85);
  });

  it('puts nearby numbers in one bucket and distant ones apart', () => {
    expect(cosine(vec({ gold: 120 }), vec({ gold: 130 }))).toBeCloseTo(1, 5);
    expect(cosine(vec({ gold: 12 }), vec({ gold: 1200 }))).toBeLessThan(0.5);
  });

  it('matches near-duplicate texts but not paraphrases (it knows words, not meaning)', () => {
    const said = vec({ said: 'the orc lord was seen near the western gate at dawn' });
    expect(cosine(said, vec({ said: 'the orc lord was seen near the western gate at dusk' }))).toBeGreaterThan(0.85);
    expect(cosine(said, vec({ said: 'a great green warlord approaches from sunset side' }))).toBeLessThan(0.2);
  });
});

describe('sparse lookup form', () => {
  it('gives the same cosine as the dense form', async () => {
    const { toSparse, cosineSparse } = await import('./vectorize.ts');
    const a = vectorize({ weather: 'rain', said: 'the orc lord is near', gold: 120 });
    const b = vectorize({ weather: 'rain', said: 'the orc lord is far', gold: 4 });
    expect(toSparse(a).indices.length).toBeLessThan(40);
    expect(cosineSparse(toSparse(a), b)).toBeCloseTo(cosine(a, b), 6);
  });
});
