import { afterEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/Runtime.ts';
import { until } from '../support/until.ts';
import { contextOf, testRuntime } from './helpers.ts';

let runtime: Runtime;
afterEach(() => runtime?.stop());

describe('pause, resume and step', () => {
  it('keeps a paused actor’s mailbox and delivers nothing until resumed', async () => {
    runtime = await testRuntime();
    runtime.send('counter:a', { type: 'inc' });
    await runtime.tick();
    runtime.pause({ actor: 'counter:a' });
    runtime.send('counter:a', { type: 'inc' });
    runtime.send('counter:a', { type: 'inc' });
    await runtime.tick();
    await runtime.tick();
    expect((await contextOf(runtime, 'counter:a')).count).toBe(1);
    expect((await runtime.getActor('counter:a'))).toMatchObject({ paused: true, mailbox: 2 });
    runtime.resume({ actor: 'counter:a' });
    await runtime.tick();
    expect((await contextOf(runtime, 'counter:a')).count).toBe(3);
  });

  it('steps exactly one message and reports the transition', async () => {
    runtime = await testRuntime();
    runtime.pause({ actor: 'counter:a' });
    runtime.send('counter:a', { type: 'toggle' });
    runtime.send('counter:a', { type: 'inc', n: 4 });
    const first = await runtime.step('counter:a');
    expect(first).toMatchObject({ actorId: 'counter:a', event: { type: 'toggle' }, from: 'idle', to: 'busy' });
    expect((await runtime.getActor('counter:a'))?.mailbox).toBe(1);
    const second = await runtime.step('counter:a');
    expect(second?.contextDiff.count).toEqual({ before: 0, after: 4 });
    expect(await runtime.step('counter:a')).toBeNull(); // nothing left
  });

  it('pauses a whole kind, and the world; a paused world still steps one tick at a time', async () => {
    runtime = await testRuntime();
    runtime.pause({ kind: 'counter' });
    runtime.send('counter:a', { type: 'inc' });
    runtime.send('relay:1', { type: 'gossip', hops: 0 });
    await runtime.tick();
    expect((await runtime.getActor('counter:a'))?.mailbox).toBe(1);
    expect((await contextOf(runtime, 'relay:1')).heard).toBe(1);
    expect(runtime.listActors({ paused: true }).items.map((a) => a.id)).toEqual(['counter:a']);
    runtime.resume({ kind: 'counter' });

    runtime.pause({ world: true });
    runtime.start();
    const before = runtime.clock().tick;
    await new Promise((r) => setTimeout(r, 50));
    expect(runtime.clock().tick).toBe(before); // the loop does not tick a paused world
    await runtime.stepWorld();
    expect(runtime.clock().tick).toBe(before + 1);
    expect((await contextOf(runtime, 'counter:a')).count).toBe(1);
  });

  it('refuses to control what does not exist', async () => {
    runtime = await testRuntime();
    expect(() => runtime.pause({ actor: 'dragon:1' })).toThrow(/no actor/);
    expect(() => runtime.pause({ actor: 'not an id' })).toThrow(/no actor/);
    expect(() => runtime.pause({ kind: 'dragon' })).toThrow(/unknown actor kind/);
    await expect(runtime.step('counter:nobody')).rejects.toThrow(/no actor/);
    expect(() => runtime.setSpeed(-2)).toThrow(/speed/);
  });

  it('lists and searches actors by kind, state and id', async () => {
    runtime = await testRuntime();
    for (let i = 0; i < 30; i++) runtime.send(`counter:${i}`, { type: i % 3 === 0 ? 'toggle' : 'inc' });
    runtime.send('relay:5', { type: 'gossip', hops: 0 });
    await runtime.tick();
    expect(runtime.listActors({ kind: 'counter', state: 'busy' }).total).toBe(10);
    expect(runtime.listActors({ q: 'relay' }).items.map((a) => a.id)).toEqual(['relay:5']);
    const page = runtime.listActors({ kind: 'counter', offset: 10, limit: 5 });
    expect(page.total).toBe(30);
    expect(page.items).toHaveLength(5);
    // actors whose first event left them in their initial state are listed in it, not as 'new'
    expect(runtime.listActors({ kind: 'counter', state: 'idle' }).total).toBe(20);
    expect(runtime.census()).toEqual([
      { kind: 'counter', state: 'busy', count: 10 },
      { kind: 'counter', state: 'idle', count: 20 },
      { kind: 'relay', state: 'root', count: 1 },
    ]);
    runtime.send('counter:0', { type: 'boom' });
    await runtime.tick();
    expect(runtime.listActors({ failed: true }).items.map((a) => a.id)).toEqual(['counter:0']);
    expect(runtime.listActors({ status: 'active', kind: 'relay' }).total).toBe(1);
  });
});

describe('the clock loop', () => {
  it('runs ticks on its own until stopped, as fast as possible at speed max', async () => {
    runtime = await testRuntime({ tickMs: 60_000, speed: 'max' });
    runtime.send('counter:a', { type: 'arm', daily: '00:30' });
    runtime.start();
    await until('three virtual days of 1-minute ticks', () => runtime.clock().tick >= 3 * 1440, { timeoutMs: 5_000 });
    const { tick } = runtime.clock();
    expect(tick).toBeGreaterThanOrEqual(3 * 1440);
    runtime.setSpeed(1); // real time: a 60 s tick now waits a minute, so the clock stands still for this test
    await new Promise((r) => setTimeout(r, 50));
    const held = runtime.clock().tick;
    await new Promise((r) => setTimeout(r, 100));
    expect(runtime.clock().tick).toBe(held);
    expect(runtime.clock().speed).toBe(1);
    expect((await contextOf(runtime, 'counter:a')).count).toBeGreaterThanOrEqual(300);
  });
});
