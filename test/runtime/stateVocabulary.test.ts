import { afterEach, describe, expect, it } from 'vitest';
import { MemorySnapshotStore } from '../../persistence/memory/index.ts';
import type { Runtime } from '../../runtime/Runtime.ts';
import { testRuntime } from './helpers.ts';

let runtimes: Runtime[] = [];
afterEach(async () => {
  for (const r of runtimes) await r.stop();
  runtimes = [];
});
const make = async (...args: Parameters<typeof testRuntime>) => {
  const r = await testRuntime(...args);
  runtimes.push(r);
  return r;
};

/** The list, the census and the detail name an actor's state the same way: its snapshot's state value. */
describe('one state vocabulary', () => {
  it("an actor whose mail has not arrived yet is new in its life, with no state; once run it is in its snapshot's state", async () => {
    const runtime = await make();
    runtime.send('counter:1', { type: 'toggle' });
    const waiting = runtime.listActors({ q: 'counter:1' }).items[0]!;
    expect(waiting).toMatchObject({ status: 'new', state: '' });
    expect(await runtime.getActor('counter:1')).toMatchObject({ status: 'new', state: '', snapshot: null });
    await runtime.tick();
    const detail = (await runtime.getActor('counter:1'))!;
    expect(detail).toMatchObject({ status: 'active', state: 'busy', snapshot: { value: 'busy' } });
    expect(runtime.listActors({ q: 'counter:1' }).items[0]!.state).toBe('busy');
    expect(runtime.census()).toContainEqual({ kind: 'counter', state: 'busy', count: 1 });
  });

  it('a restored actor is listed in the state it was stored in before it wakes, as its detail shows', async () => {
    const store = new MemorySnapshotStore();
    const first = await make({ store });
    first.send('counter:a', { type: 'toggle' });
    first.send('counter:b', { type: 'inc' });
    await first.tick();
    await first.flush();
    const second = await make({ store, restore: true });
    expect(second.listActors({ kind: 'counter' }).items.map((a) => [a.id, a.status, a.state])).toEqual([
      ['counter:a', 'passive', 'busy'],
      ['counter:b', 'passive', 'idle'],
    ]);
    expect(second.census()).toEqual([
      { kind: 'counter', state: 'busy', count: 1 },
      { kind: 'counter', state: 'idle', count: 1 },
    ]);
    const a = (await second.getActor('counter:a'))!;
    expect(a.state).toBe((a.snapshot as { value: string }).value);
  });
});
