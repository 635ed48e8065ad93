import { describe, expect, it } from 'vitest';
import { journalKeyOf, SendCounter } from './InputLog.ts';

describe('input log', () => {
  it('finds the journal key in a routed message trace, colons and all', () => {
    expect(journalKeyOf({ trace: 'c:ab12:world:main', to: 'world:main' })).toBe('c:ab12');
    expect(journalKeyOf({ trace: 'b:ff:3:memory:150001:1', to: 'memory:150001' })).toBe('b:ff:3');
    expect(journalKeyOf({ trace: 'evt:7:karma:1', to: 'karma:1' })).toBe('evt:7');
    expect(journalKeyOf({ trace: 'some-uuid', to: 'world:main' })).toBeNull();
  });

  it('tells actors from inputs by their kind', () => {
    const kinds = new Map([['npc', {}], ['world', {}]]);
    expect(SendCounter.isActor('npc:12', kinds)).toBe(true);
    expect(SendCounter.isActor('game', kinds)).toBe(false);
    expect(SendCounter.isActor('admin:alice', kinds)).toBe(false);
  });
});
