import { log } from './log.ts';

/**
 * Real (wall) time as the world clock sees it. Injected so tests can drive hours of load in milliseconds; the
 * default reads `performance.now()` and sleeps with `setTimeout`.
 */
export interface RealClock {
  /** monotonic real milliseconds */
  now(): number;
  /** resolve after `ms` real milliseconds, or as soon as `signal` aborts */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: RealClock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
    }),
};

export type Speed = number | 'max';

/** Ticks a clock loop may fall behind before it stops trying to catch up (the world then runs slower than asked). */
const MAX_LAG_TICKS = 10;

/**
 * Virtual time and the pace it keeps. Tick k after an anchor is due at `anchor + k × tickMs / speed` real ms:
 * the loop sleeps until then and nothing else moves time — messages wait for their tick, they never wake the
 * loop (they used to, and a busy server ran 10× faster than its speed). A loop that falls behind (slow ticks)
 * runs ticks back to back until it has caught up, up to MAX_LAG_TICKS; beyond that it re-anchors.
 * Only a speed change, a resume or a stop interrupts a sleep, and each re-anchors the pace.
 */
export class WorldClock {
  now: number;
  tick = 0;
  private looping = false;
  private loop: Promise<void> | null = null;
  private interrupt = new AbortController();

  constructor(
    readonly tickMs: number,
    now: number,
    public speed: Speed,
    private readonly real: RealClock = systemClock,
  ) {
    this.now = now;
  }

  /** Move virtual time on by one tick (called by the tick itself, never by a message). */
  advance(): void {
    this.tick++;
    this.now += this.tickMs;
  }

  /** Move virtual time on by whole ticks without running them (simulation skips idle stretches). */
  skip(ticks: number): void {
    this.tick += ticks;
    this.now += ticks * this.tickMs;
  }

  setSpeed(speed: Speed): void {
    this.speed = speed;
    this.repace();
  }

  /** Cut the current sleep short and re-anchor the pace (speed change, resume, stop). */
  repace(): void {
    this.interrupt.abort();
    this.interrupt = new AbortController();
  }

  get running(): boolean {
    return this.looping;
  }

  /** Run `tick` at the clock's pace until stopped; `paused()` is read before each tick. */
  start(tick: () => Promise<void>, paused: () => boolean): void {
    if (this.looping) return;
    this.looping = true;
    this.loop = this.run(tick, paused);
  }

  async stop(): Promise<void> {
    this.looping = false;
    this.repace();
    await this.loop;
    this.loop = null;
  }

  private async run(tick: () => Promise<void>, paused: () => boolean): Promise<void> {
    let anchor = this.real.now();
    let ticks = 0; // ticks run since the anchor
    let signal = this.interrupt.signal;
    while (this.looping) {
      if (signal.aborted) {
        signal = this.interrupt.signal;
        anchor = this.real.now();
        ticks = 0;
      }
      if (paused()) {
        await this.real.sleep(1000, signal);
        if (!signal.aborted) anchor = this.real.now(); // a paused world owes no ticks
        ticks = 0;
        continue;
      }
      if (this.speed === 'max') {
        await this.safely(tick);
        await new Promise((resolve) => setImmediate(resolve)); // let I/O in between ticks
        anchor = this.real.now();
        ticks = 0;
        continue;
      }
      const interval = this.tickMs / this.speed;
      const wait = anchor + (ticks + 1) * interval - this.real.now();
      if (wait > 0) {
        await this.real.sleep(wait, signal);
        if (signal.aborted) continue;
      } else {
        await new Promise((resolve) => setImmediate(resolve)); // catching up: still let I/O in between ticks
        if (-wait > MAX_LAG_TICKS * interval) {
          log.warn({ behindMs: Math.round(-wait), speed: this.speed }, 'world clock cannot keep its speed; re-anchoring');
          anchor = this.real.now() - interval;
          ticks = 0;
        }
      }
      await this.safely(tick);
      ticks++;
    }
  }

  private async safely(tick: () => Promise<void>): Promise<void> {
    try {
      await tick();
    } catch (err) {
      log.error({ err }, 'tick failed');
    }
  }
}
