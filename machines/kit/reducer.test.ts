import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { reducerLogic, step } from './reducer.ts';
import { message, timer, OUTPUT } from './outputs.ts';

const counter = reducerLogic<{ n: number; mode: string }>({
  id: 'counter',
  context: () => ({ n: 0, mode: 'calm' }),
  mode: (ctx) => ctx.mode,
  start: (ctx) => step(ctx, [timer({ id: 'tick', every: 1000, event: { type: 'inc' } })]),
  on: {
    inc: (ctx, ev) => step({ ...ctx, n: ctx.n + 1, mode: ctx.n + 1 > 2 ? 'busy' : 'calm' }, [message('x:1', { type: 'counted', n: ctx.n + 1, at: ev.meta.now })]),
    noop: () => undefined,
    boom: () => {
      throw new Error('kaput');
    },
  },
});

const input = { id: 'counter:1', key: '1', seed: 1, now: 0 };
const meta = { now: 5, from: 'test', tick: 1 };

function start(snapshot?: unknown) {
  const actor = createActor(counter, snapshot ? { input, snapshot: snapshot as never } : { input });
  const seen: { type: string }[] = [];
  actor.on('*', (e) => void seen.push(e));
  actor.start();
  return { actor, seen };
}

describe('reducerLogic', () => {
  it('emits start outputs once on creation, reactions’ outputs in order, and shows the mode as the state value', () => {
    const { actor, seen } = start();
    expect(seen).toEqual([{ type: OUTPUT.timer, timer: { id: 'tick', every: 1000, event: { type: 'inc' } } }]);
    for (let i = 0; i < 3; i++) actor.send({ type: 'inc', meta } as never);
    expect(seen.slice(1).map((o: any) => o.event.n)).toEqual([1, 2, 3]);
    expect(actor.getSnapshot()).toMatchObject({ status: 'active', value: 'busy', context: { n: 3 } });
  });

  it('ignores unknown events and undefined reactions without a new snapshot', () => {
    const { actor } = start();
    const before = actor.getSnapshot();
    actor.send({ type: 'noop', meta } as never);
    actor.send({ type: 'who-knows', meta } as never);
    expect(actor.getSnapshot()).toBe(before);
  });

  it('restores from a JSON snapshot without re-emitting start outputs', () => {
    const { actor } = start();
    actor.send({ type: 'inc', meta } as never);
    const persisted = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
    expect(persisted.pending).toBeUndefined();
    const again = start(persisted);
    expect(again.seen).toEqual([]);
    expect(again.actor.getSnapshot().context.n).toBe(1);
  });

  it('a reaction that throws puts the actor in error (the runtime supervises it)', () => {
    const { actor } = start();
    actor.subscribe({ error: () => {} });
    actor.send({ type: 'boom', meta } as never);
    expect(actor.getSnapshot().status).toBe('error');
  });
});
