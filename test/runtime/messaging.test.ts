import { afterEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/Runtime.ts';
import { contextOf, testRuntime } from './helpers.ts';

let runtime: Runtime;
afterEach(() => runtime?.stop());

describe('messaging', () => {
  it('delivers messages sent in tick t at tick t+1, in the order they were sent', async () => {
    runtime = await testRuntime();
    runtime.send('counter:a', { type: 'burst', to: 'counter:b' });
    await runtime.tick(); // a runs, emits three messages
    expect((await runtime.getActor('counter:b'))?.mailbox).toBe(3);
    expect((await contextOf(runtime, 'counter:a')).seen).toEqual([]);
    await runtime.tick(); // b receives them
    expect((await contextOf(runtime, 'counter:b')).seen).toEqual(['counter:a:1', 'counter:a:2', 'counter:a:3']);
  });

  it('stamps every delivered event with the virtual time of its tick', async () => {
    runtime = await testRuntime({ tickMs: 500, startTime: 1_000_000 });
    runtime.send('counter:a', { type: 'inc' });
    await runtime.tick();
    expect((await contextOf(runtime, 'counter:a')).lastNow).toBe(1_000_500);
    expect(runtime.clock()).toMatchObject({ now: 1_000_500, tick: 1 });
  });

  it('publishes to every actor of the kinds subscribed to a topic', async () => {
    runtime = await testRuntime();
    runtime.register(['counter:x', 'counter:y', 'relay:1']);
    runtime.publish('all', { type: 'inc', n: 5 });
    await runtime.tick();
    expect((await contextOf(runtime, 'counter:x')).count).toBe(5);
    expect((await contextOf(runtime, 'counter:y')).count).toBe(5);
    expect((await runtime.getActor('relay:1'))?.mailbox).toBe(0);
  });

  it('rejects unknown ids and kinds with a clear error and changes nothing', async () => {
    runtime = await testRuntime();
    expect(() => runtime.send('nokind:1', { type: 'inc' })).toThrow(/unknown actor id/);
    expect(() => runtime.send('not an id', { type: 'inc' })).toThrow(/unknown actor id/);
    expect(() => runtime.send('counter:a', { nope: 1 } as never)).toThrow(/type/);
    expect(() => runtime.register(['counter:b', 'ghost:1'])).toThrow(/ghost:1/);
    expect(runtime.stats().registered).toBe(0); // nothing became known: not counter:a, not even counter:b
  });

  it('puts a message to an actor that cannot exist in the dead letters', async () => {
    runtime = await testRuntime();
    runtime.send('counter:a', { type: 'burst', to: 'ghost:1' });
    await runtime.tick();
    expect(runtime.deadLetters().map((d) => d.error)).toEqual(Array(3).fill("cannot deliver to 'ghost:1'"));
  });
});
