import { afterEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/Runtime.ts';
import { MemorySnapshotStore } from '../../persistence/memory/MemorySnapshotStore.ts';
import { contextOf, testRuntime } from './helpers.ts';

const start = Date.UTC(2026, 0, 1);
const runtimes: Runtime[] = [];
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((r) => r.stop()));
});
async function make(options: Parameters<typeof testRuntime>[0] = {}) {
  const runtime = await testRuntime(options);
  runtimes.push(runtime);
  return runtime;
}

describe('runtime-owned timers', () => {
  it('fires a timer on virtual time, not wall time', async () => {
    const runtime = await make({ tickMs: 1000 });
    runtime.send('counter:a', { type: 'arm', at: start + 5000 });
    for (let i = 0; i < 4; i++) await runtime.tick();
    expect((await contextOf(runtime, 'counter:a')).count).toBe(0);
    await runtime.tick(); // t = 5 s: due, queued
    await runtime.tick();
    expect((await contextOf(runtime, 'counter:a')).count).toBe(100);
  });

  it('fires a daily schedule once per sim-day, skipping idle time in simulation', async () => {
    const runtime = await make({ tickMs: 60_000 });
    runtime.send('counter:a', { type: 'arm', daily: '06:00' });
    await runtime.runUntil(start + 3 * 86_400_000);
    expect((await contextOf(runtime, 'counter:a')).count).toBe(300);
    expect(runtime.clock().tick).toBe(3 * 1440); // the clock moved through three days of 1-minute ticks…
    expect(runtime.stats().ticksRun).toBeLessThan(20); // …but only the busy ones were run
  });

  it('cancels a timer', async () => {
    const runtime = await make();
    runtime.send('counter:a', { type: 'arm', at: start + 3000 });
    await runtime.tick();
    runtime.send('counter:a', { type: 'disarm' });
    for (let i = 0; i < 5; i++) await runtime.tick();
    expect((await contextOf(runtime, 'counter:a')).count).toBe(0);
    expect((await runtime.getActor('counter:a'))?.timers).toEqual([]);
  });

  it('keeps timers, mailboxes, pauses and state across a snapshot and restore', async () => {
    const store = new MemorySnapshotStore();
    const first = await make({ store, workers: 1 });
    first.send('counter:a', { type: 'arm', daily: '06:00' });
    first.send('counter:a', { type: 'inc', n: 7 });
    first.send('counter:b', { type: 'inc' });
    await first.tick();
    first.pause({ actor: 'counter:b' });
    first.send('counter:b', { type: 'inc', n: 2 }); // still queued at shutdown
    await first.stop();

    const second = await make({ store, workers: 2, restore: true });
    expect(second.clock().tick).toBe(1);
    expect((await second.getActor('counter:a'))?.timers).toMatchObject([{ id: 't', daily: '06:00', due: start + 6 * 3_600_000 }]);
    expect(second.isPaused({ actor: 'counter:b' })).toBe(true);
    expect((await second.getActor('counter:b'))?.mailbox).toBe(1);
    await second.runUntil(start + 7 * 3_600_000);
    expect((await contextOf(second, 'counter:a')).count).toBe(107);
    second.resume({ actor: 'counter:b' });
    await second.tick();
    expect((await contextOf(second, 'counter:b')).count).toBe(3);
  });

  it('reports a malformed timer instead of scheduling it', async () => {
    const runtime = await make();
    runtime.send('counter:a', { type: 'arm', daily: '25:99' });
    await runtime.tick();
    expect(runtime.deadLetters()[0]?.error).toMatch(/invalid timer/);
  });
});
