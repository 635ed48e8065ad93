import { createMachine } from 'xstate';
import { fromStore } from '@xstate/store';
import { describe, expect, it } from 'vitest';
import { machineGraph } from './index.ts';

const npc = createMachine({
  id: 'npc',
  initial: 'idle',
  states: {
    idle: { on: { wake: 'working' } },
    working: {
      initial: 'gathering',
      states: { gathering: { on: { full: 'selling' } }, selling: { on: { sold: 'gathering' } } },
      on: { tired: 'idle' },
    },
  },
});

describe('machineGraph', () => {
  it('lists every state with its parent and marks initial states', () => {
    const g = machineGraph(npc)!;
    expect(g.machineId).toBe('npc');
    const byId = Object.fromEntries(g.nodes.map((n) => [n.id, n]));
    expect(Object.keys(byId).sort()).toEqual(['npc', 'npc.idle', 'npc.working', 'npc.working.gathering', 'npc.working.selling']);
    expect(byId['npc.working.gathering']).toMatchObject({ parent: 'npc.working', key: 'gathering', initial: true });
    expect(byId['npc.working.selling']!.initial).toBe(false);
    expect(byId['npc.idle']!.initial).toBe(true);
    expect(byId['npc']!.parent).toBeNull();
  });

  it('turns every transition into an edge labelled with its event type', () => {
    const g = machineGraph(npc)!;
    const edges = g.edges.map((e) => `${e.source} -${e.label}-> ${e.target}`).sort();
    expect(edges).toEqual([
      'npc.idle -wake-> npc.working',
      'npc.working -tired-> npc.idle',
      'npc.working.gathering -full-> npc.working.selling',
      'npc.working.selling -sold-> npc.working.gathering',
    ]);
  });

  it('returns null for logic without states (@xstate/store)', () => {
    const store = fromStore({ context: { n: 0 }, on: { inc: (ctx) => ({ n: ctx.n + 1 }) } });
    expect(machineGraph(store)).toBeNull();
  });
});
