/**
 * Where the wall time of the conductor's ticks went, summed over the ticks run (milliseconds): the pool's costs
 * made visible. Hosts stamp each tick report with when they started it, finished delivering and had every peer's
 * batch (`performance.timeOrigin + performance.now()`: one clock for every thread of the process); the conductor
 * adds its own part. With 0 workers nothing crosses a thread: `peers` and `reports` are then only the host queueing
 * a tick's mail and writing its report (~0.2 ms a tick in the sim), and `deliver` is the actors' work.
 *
 * In a cluster the hosts' stamps are on their node's clock: across machines the split between hand-offs and
 * delivery carries the clocks' offset.
 *
 * What it showed on the 2-core VM (2026-12-02, `midgard sim --store memory`, 10k NPCs × 7 days, 10,080 ticks):
 * on the main thread `deliver` 32.2–32.7 s of 42.2–42.7 s; with 2 workers `deliver` 16.6–17.8 s (halved, though
 * one host gets ~60% of the events: `world:main` and `economy:main` hash to the same one, `imbalance` 6.7–7.4 s)
 * but `toHosts` + `peers` + `reports` 21.8–23.1 s, ~2.2 ms of hand-offs a tick, and the run took 45.9–48.2 s.
 */
export interface TickPhases {
  ticks: number;
  /** the conductor's own part of a tick: handing out the external mail and applying the reports */
  conductor: number;
  /** order posted → the last host started the tick */
  toHosts: number;
  /** the last host started → the last host finished delivering */
  deliver: number;
  /** how much longer the slowest host took to deliver than the fastest (load imbalance; part of `deliver`) */
  imbalance: number;
  /** the last host done delivering → the last host had every peer's batch */
  peers: number;
  /** the last host had every peer's batch → the conductor resumed with every report (writing, posting, waking) */
  reports: number;
}

/** A host's stamps for one tick: [started, delivered, exchanged] in ms on the process-wide clock. */
export type TickStamps = [started: number, delivered: number, exchanged: number];

/** The process-wide clock the stamps are on. */
export const stamp = (): number => performance.timeOrigin + performance.now();

export const noPhases = (): TickPhases => ({ ticks: 0, conductor: 0, toHosts: 0, deliver: 0, imbalance: 0, peers: 0, reports: 0 });

/**
 * Add one tick: `posted` when the orders went out, `resumed` when the conductor had every report, `done` when
 * it had applied them, `began` when it began the tick; `stamps` from each host.
 */
export function addTick(phases: TickPhases, began: number, posted: number, stamps: TickStamps[], resumed: number, done: number): void {
  phases.ticks++;
  phases.conductor += posted - began + (done - resumed);
  if (!stamps.length) return;
  let started = -Infinity;
  let delivered = -Infinity;
  let exchanged = -Infinity;
  let fastest = Infinity;
  let slowest = -Infinity;
  for (const [s, d, e] of stamps) {
    started = Math.max(started, s);
    delivered = Math.max(delivered, d);
    exchanged = Math.max(exchanged, e);
    fastest = Math.min(fastest, d - s);
    slowest = Math.max(slowest, d - s);
  }
  phases.toHosts += Math.max(0, started - posted);
  phases.deliver += Math.max(0, delivered - started);
  phases.imbalance += slowest - fastest;
  phases.peers += Math.max(0, exchanged - delivered);
  phases.reports += Math.max(0, resumed - exchanged);
}
