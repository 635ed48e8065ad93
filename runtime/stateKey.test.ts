import { describe, expect, it } from 'vitest';
import { contextDiff, stateKey } from './stateKey.ts';

describe('stateKey', () => {
  it('flattens simple, nested and parallel state values', () => {
    expect(stateKey('idle')).toBe('idle');
    expect(stateKey({ working: 'gathering' })).toBe('working.gathering');
    expect(stateKey({ a: { b: 'c' } })).toBe('a.b.c');
    expect(stateKey({ mood: 'calm', task: 'idle' })).toBe('mood.calm|task.idle');
    expect(stateKey(undefined)).toBe('store');
    expect(stateKey({})).toBe('root');
  });
});

describe('contextDiff', () => {
  it('lists only the keys whose value changed', () => {
    expect(contextDiff({ a: 1, b: [1], c: 'x' }, { a: 1, b: [1, 2], d: true })).toEqual({
      b: { before: [1], after: [1, 2] },
      c: { before: 'x', after: undefined },
      d: { before: undefined, after: true },
    });
    expect(contextDiff({ a: { deep: 1 } }, { a: { deep: 1 } })).toEqual({});
  });
});
