import { assign, createMachine } from 'xstate';
import { fromStore } from '@xstate/store';
import { describe, expect, it } from 'vitest';
import { npcMachine } from '../../machines/npc.ts';
import { bossMachine } from '../../machines/boss.ts';
import { acceptedEvents } from '../admin/actors/accepts.ts';
import { definitionOf } from './stately-definition.ts';

type Def = { id: string; initial?: string; states?: Record<string, Def>; on?: Record<string, { target?: unknown; guard?: { type: string }; actions?: { type: string }[] }> };

/** every `on` key of a definition, in every state */
const eventsOf = (def: Def): string[] => [...Object.keys(def.on ?? {}), ...Object.values(def.states ?? {}).flatMap(eventsOf)];

describe('definitions Stately’s inspector draws', () => {
  it('keep every state, transition, guard and action of a machine, functions named rather than dropped', () => {
    const door = createMachine({
      id: 'door', initial: 'shut', types: {} as { context: { n: number } }, context: () => ({ n: 0 }),
      on: { knock: { actions: assign({ n: ({ context }) => context.n + 1 }) } },
      states: { shut: { on: { open: { target: 'open', guard: function unlocked() { return true; } } } }, open: { entry: () => {} } },
    });
    const def = JSON.parse(definitionOf(door)!) as Def & { context?: unknown };
    expect(def).toMatchObject({
      id: 'door', initial: 'shut',
      on: { knock: { actions: { type: 'xstate.assign' } } },
      states: { shut: { on: { open: { target: 'open', guard: { type: 'unlocked' } } } }, open: { entry: { type: 'entry' } } },
    });
    expect(def.context).toBeUndefined(); // data, not behaviour
  });

  it('a real machine kind (the boss) goes whole: its states and each state’s events', () => {
    const def = JSON.parse(definitionOf(bossMachine)!) as Def;
    expect(Object.keys(def.states!).sort()).toEqual(['abroad', 'dormant']);
    expect(eventsOf(def).sort()).toEqual(acceptedEvents(bossMachine).types!.slice().sort());
    expect(def.states!['abroad']!.on!['mvp_kill']!.guard).toBeDefined();
  });

  it('the NPC goes with every event it handles, in its current mode — never as an empty {"id":"npc","on":{}}', () => {
    const def = JSON.parse(definitionOf(npcMachine, { kind: 'npc', value: 'idle' })!) as Def;
    expect([...new Set(eventsOf(def))].sort()).toEqual(acceptedEvents(npcMachine).types);
    expect(eventsOf(def).length).toBeGreaterThan(5);
    if (acceptedEvents(npcMachine).shape !== 'machine') expect(def).toMatchObject({ id: 'npc', initial: 'idle', states: { idle: {} } });
  });

  it('a store goes with its declared events; logic that says nothing has no definition', () => {
    const store = fromStore({ context: { n: 0 }, on: { add: (ctx) => ctx } });
    expect(JSON.parse(definitionOf(store, { kind: 'ledger', declared: ['add'] })!)).toMatchObject({ id: 'ledger', on: { add: {} } });
    expect(definitionOf(store)).toBeUndefined();
    expect(definitionOf(undefined)).toBeUndefined();
    expect(definitionOf({ transition: () => null } as never)).toBeUndefined();
  });
});
