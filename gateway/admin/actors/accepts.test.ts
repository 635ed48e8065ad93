import { createMachine } from 'xstate';
import { fromStore } from '@xstate/store';
import { describe, expect, it } from 'vitest';
import { reducerLogic } from '../../../machines/kit/reducer.ts';
import { acceptedEvents, accepts, acceptedEventTypes } from './accepts.ts';

describe('events an actor kind accepts', () => {
  it('come from the machine: every transition in every state, nested states and wildcards included', () => {
    const machine = createMachine({
      initial: 'idle',
      on: { 'quest.*': {} },
      states: { idle: { on: { wake: 'busy' } }, busy: { initial: 'a', states: { a: { on: { rest: '#idle', wake: {} } } } } },
      id: 'idle',
    });
    const { shape, types, statesOf } = acceptedEvents(machine);
    expect(shape).toBe('machine');
    expect(types).toEqual(['quest.*', 'rest', 'wake']);
    expect(statesOf!.get('wake')).toEqual(['idle', 'busy.a']);
    expect(statesOf!.get('quest.*')).toEqual(['']); // the root: every state
    expect(accepts(types!, 'wake')).toBe(true);
    expect(accepts(types!, 'quest.offer')).toBe(true);
    expect(accepts(types!, 'wkae')).toBe(false);
    expect(accepts(['*'], 'anything')).toBe(true);
  });

  it('come from a reaction table’s `on` keys', () => {
    const ledger = reducerLogic({ id: 'ledger', context: () => ({ n: 0 }), on: { add: () => undefined, 'ledger.close': () => undefined } });
    expect(acceptedEvents(ledger)).toEqual({ shape: 'reducer', types: ['add', 'ledger.close'] });
  });

  it('come from the declaration for a store, which hides its handlers; without one nothing is refused', () => {
    const store = fromStore({ context: { n: 0 }, on: { add: (ctx) => ctx } });
    expect(acceptedEvents(store, ['add', 'add'])).toEqual({ shape: 'store', types: ['add'] });
    expect(acceptedEventTypes(store)).toBeNull();
    expect(acceptedEventTypes({} as never)).toBeNull();
  });
});
