import { createMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { Transition } from '../../runtime/control.ts';
import { definitionOf } from './stately-definition.ts';
import { StatelySession, STATELY_PROTOCOL_VERSION } from './stately-relay.ts';

const t = (over: Partial<Transition>): Transition => ({
  actorId: 'npc:kafra', tick: 5, now: 1_767_225_605_000, event: { type: 'wake' }, from: 'idle', to: 'working', contextDiff: {}, ...over,
});

describe('StatelySession', () => {
  it('announces the actor with its snapshot and definition in the @statelyai/inspect shape', () => {
    const machine = createMachine({ id: 'npc', initial: 'idle', states: { idle: { on: { wake: 'working' } }, working: {} } });
    const session = new StatelySession('npc:kafra', { value: 'idle', context: { gold: 3 } }, definitionOf(machine));
    const e = session.announce(1000);
    expect(e).toMatchObject({
      type: '@xstate.actor', name: 'npc:kafra', sessionId: 'npc:kafra', rootId: 'npc:kafra', createdAt: '1000', _version: STATELY_PROTOCOL_VERSION,
      snapshot: { status: 'active', value: 'idle', context: { gold: 3 } },
    });
    expect(JSON.parse(e.type === '@xstate.actor' ? e.definition! : '{}')).toMatchObject({ id: 'npc', initial: 'idle' });
  });

  it('turns each transition into an event and a snapshot, keeping the full context from the diffs', () => {
    const session = new StatelySession('npc:kafra', { value: 'idle', context: { gold: 3, mood: 'calm' } }, undefined);
    const first = session.transition(t({ event: { type: 'wake', meta: { from: 'npc:bob' } } as never, contextDiff: { gold: { before: 3, after: 5 } } }));
    expect(first.map((e) => e.type)).toEqual(['@xstate.event', '@xstate.snapshot']);
    expect(first[0]).toMatchObject({ event: { type: 'wake' }, sourceId: 'npc:bob', createdAt: '1767225605000' });
    expect(first[1]).toMatchObject({ snapshot: { value: 'working', context: { gold: 5, mood: 'calm' } } });

    const second = session.transition(t({ from: 'working', to: { working: 'selling' }, contextDiff: { mood: { before: 'calm', after: undefined }, fear: { before: undefined, after: 1 } } }));
    expect(second[1]).toMatchObject({ snapshot: { value: { working: 'selling' }, context: { gold: 5, fear: 1 } } });
    expect((second[1] as { snapshot: { context: Record<string, unknown> } }).snapshot.context).not.toHaveProperty('mood');
    expect(second[0]).toMatchObject({ sourceId: undefined }); // no sender known

    // snapshots sent earlier are not changed by later transitions; ids never repeat
    expect(first[1]).toMatchObject({ snapshot: { context: { gold: 5, mood: 'calm' } } });
    const ids = [session.announce(0), ...first, ...second].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

});
