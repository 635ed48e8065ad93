import { describe, expect, it } from 'vitest';
import { assign, createActor, createMachine, fromCallback } from 'xstate';
import { plainSnapshots } from './plainSnapshots.ts';

const counter = () =>
  createMachine({
    id: 'c',
    context: { n: 0, items: [{ k: 'a' }] },
    initial: 'low',
    states: {
      low: { on: { up: { target: 'high', actions: assign(({ context }) => ({ n: context.n + 1 })) } } },
      high: { on: { down: 'low' } },
    },
  });

describe('plainSnapshots', () => {
  it('persists the same JSON as XState and restores to the same state and context', () => {
    const plain = plainSnapshots(counter());
    const a = createActor(plain).start();
    a.send({ type: 'up' });
    const ours = a.getPersistedSnapshot();
    expect(ours).toEqual(createActor(counter(), { snapshot: ours as never }).start().getPersistedSnapshot());
    const b = createActor(plain, { snapshot: JSON.parse(JSON.stringify(ours)) }).start();
    expect(b.getSnapshot().value).toBe('high');
    expect(b.getSnapshot().context).toEqual({ n: 1, items: [{ k: 'a' }] });
    b.send({ type: 'down' });
    b.send({ type: 'up' });
    expect(b.getSnapshot().context.n).toBe(2);
  });

  it('refuses a machine whose snapshots hold more than data', () => {
    const invoking = createMachine({ id: 'i', initial: 'a', states: { a: { invoke: { src: fromCallback(() => {}) } } } });
    expect(() => plainSnapshots(invoking)).toThrow(/state 'i.a' has invoked actors/);
    const remembering = createMachine({ id: 'h', initial: 'a', states: { a: { initial: 'x', states: { x: {}, back: { type: 'history' } } } } });
    expect(() => plainSnapshots(remembering)).toThrow(/history/);
  });
});
