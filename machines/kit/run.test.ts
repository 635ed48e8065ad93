import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { drive } from './drive.ts';
import { message } from './outputs.ts';
import { run, update } from './run.ts';

type Ctx = { n: number };
const machine = createMachine({
  id: 'probe',
  context: { n: 0 },
  initial: 'a',
  states: {
    a: { on: { go: { target: 'b', actions: run((ctx: Ctx) => ({ ctx: { n: ctx.n + 1 }, out: [message('x:1', { type: 'one' }), message('x:1', { type: 'two' })] })) } } },
    b: {
      entry: run((ctx: Ctx) => ({ ctx: { n: ctx.n * 10 }, out: [message('x:1', { type: 'three' })] })),
      on: { bump: { actions: update((ctx: Ctx) => ({ n: ctx.n + 1 })) }, quiet: { actions: run((ctx: Ctx) => ({ ctx, out: [] })) } },
    },
  },
} as never);

describe('run', () => {
  it('applies each rule and emits its outputs in order, across a transition and the entry it leads to', () => {
    const d = drive(machine, 'probe:main');
    const out = d.send({ type: 'go' });
    expect(out.map((o: any) => o.event.type)).toEqual(['one', 'two', 'three']);
    expect(d.context()).toEqual({ n: 10 });
    expect(d.value()).toBe('b');
  });

  it('emits nothing for a rule without outputs, and update only assigns', () => {
    const d = drive(machine, 'probe:main');
    d.send({ type: 'go' });
    expect(d.send({ type: 'quiet' })).toEqual([]);
    expect(d.send({ type: 'bump' })).toEqual([]);
    expect(d.context()).toEqual({ n: 11 });
  });
});
