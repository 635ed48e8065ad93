import { createMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { accepts, acceptedEventTypes } from './accepts.ts';

describe('events an actor kind accepts', () => {
  it('come from the machine: every transition, nested states and wildcards included', () => {
    const machine = createMachine({
      initial: 'idle',
      on: { 'quest.*': {} },
      states: { idle: { on: { wake: 'busy' } }, busy: { initial: 'a', states: { a: { on: { rest: '#idle' } } } } },
      id: 'idle',
    });
    const declared = acceptedEventTypes(machine)!;
    expect(declared).toEqual(['quest.*', 'rest', 'wake']);
    expect(accepts(declared, 'wake')).toBe(true);
    expect(accepts(declared, 'quest.offer')).toBe(true);
    expect(accepts(declared, 'wkae')).toBe(false);
    expect(accepts(['*'], 'anything')).toBe(true);
  });

  it('non-machine logic declares nothing, so nothing is refused', () => {
    expect(acceptedEventTypes({} as never)).toBeNull();
  });
});
