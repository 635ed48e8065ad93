import { afterEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/Runtime.ts';
import type { RealClock } from '../../runtime/WorldClock.ts';
import { testRuntime } from './helpers.ts';

/**
 * Real time under the test's control: sleeps end only when the test moves time past them (or an abort cuts them
 * short), so an hour of load runs in a moment and nothing depends on how fast the machine is.
 */
class FakeClock implements RealClock {
  t = 0;
  private sleepers: { until: number; wake: () => void }[] = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const sleeper = { until: this.t + ms, wake: resolve };
      this.sleepers.push(sleeper);
      signal.addEventListener('abort', () => this.release(sleeper), { once: true });
    });
  }

  /** Let real time reach `target`, waking each sleeper on its time and waiting for the loop to sleep again. */
  async advanceTo(target: number): Promise<void> {
    for (;;) {
      while (!this.sleepers.length) await new Promise((r) => setImmediate(r)); // the loop is busy ticking
      const next = this.sleepers.reduce((a, b) => (b.until < a.until ? b : a));
      if (next.until > target) {
        this.t = target;
        return;
      }
      this.t = Math.max(this.t, next.until);
      this.release(next);
    }
  }

  private release(sleeper: { until: number; wake: () => void }): void {
    this.sleepers = this.sleepers.filter((s) => s !== sleeper);
    sleeper.wake();
  }
}

const MINUTE = 60_000;
let runtime: Runtime;
afterEach(() => runtime?.stop());

/** Keep the world busy for `ms` of real time: a burst of mail every 100 ms, every one of them delivered. */
async function load(clock: FakeClock, ms: number): Promise<number> {
  let sent = 0;
  for (let t = clock.t; t < ms; t += 100) {
    for (let k = 0; k < 5; k++, sent++) runtime.send(`counter:${k}`, { type: 'inc' });
    await clock.advanceTo(t + 100);
  }
  return sent;
}

describe('the world clock keeps time', () => {
  it('advances 60 s in 60 s of load at speed 1: messages never move time', async () => {
    const clock = new FakeClock();
    runtime = await testRuntime({ tickMs: 1000, speed: 1, realClock: clock });
    const start = runtime.clock().now;
    runtime.start();
    const sent = await load(clock, MINUTE);
    expect(Math.abs(runtime.clock().now - start - MINUTE)).toBeLessThanOrEqual(1000);
    expect(runtime.stats().eventsDelivered).toBeGreaterThanOrEqual(sent - 5); // the load was real: it was delivered
  });

  it('advances 10 hours in 60 s of load at speed 600', async () => {
    const clock = new FakeClock();
    runtime = await testRuntime({ tickMs: MINUTE, speed: 600, realClock: clock }); // a tick every 100 real ms
    const start = runtime.clock().now;
    runtime.start();
    await load(clock, MINUTE);
    expect(Math.abs(runtime.clock().now - start - 10 * 3_600_000)).toBeLessThanOrEqual(MINUTE);
  });

  it('catches up after slow ticks instead of losing the time they took', async () => {
    const clock = new FakeClock();
    runtime = await testRuntime({ tickMs: 1000, speed: 1, realClock: clock });
    // Each effect costs 1500 ms of real time: with the 'ask' below each asked tick overruns into the next.
    runtime.onEffect('test.ask', () => void (clock.t += 1500));
    const start = runtime.clock().now;
    runtime.start();
    for (let t = 0; t < MINUTE; t += 2000) {
      runtime.send('counter:a', { type: 'ask' });
      await clock.advanceTo(Math.max(clock.t, t + 2000));
    }
    expect(Math.abs(runtime.clock().now - start - MINUTE)).toBeLessThanOrEqual(1000);
  });

  it('re-paces on a speed change without running the ticks it would have owed', async () => {
    const clock = new FakeClock();
    runtime = await testRuntime({ tickMs: 1000, speed: 1, realClock: clock });
    const start = runtime.clock().now;
    runtime.start();
    await clock.advanceTo(10_000);
    runtime.setSpeed(60); // one virtual minute per real second from here
    await clock.advanceTo(20_000);
    expect(Math.abs(runtime.clock().now - start - (10_000 + 10 * MINUTE))).toBeLessThanOrEqual(1000);
  });
});
