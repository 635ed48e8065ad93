import { afterEach, describe, expect, it } from 'vitest';
import { addTick, noPhases } from './tickPhases.ts';
import type { Runtime } from './Runtime.ts';
import { testRuntime } from '../test/runtime/helpers.ts';

let runtime: Runtime | null = null;
afterEach(async () => {
  await runtime?.stop();
  runtime = null;
});

describe('tick phases', () => {
  it('splits a tick at the last host to start, to deliver and to have its peers, and keeps the spread of deliveries', () => {
    const phases = noPhases();
    // began 0, orders posted at 1; host a: started 2, delivered 6, exchanged 9; host b: 3, 5, 9; reports in at 12, applied at 14
    addTick(phases, 0, 1, [[2, 6, 9], [3, 5, 9]], 12, 14);
    expect(phases).toEqual({ ticks: 1, conductor: 3, toHosts: 2, deliver: 3, imbalance: 2, peers: 3, reports: 3 });
    addTick(phases, 20, 21, [], 22, 23); // no stamps (a remote host of an older build): only the conductor's part
    expect(phases).toMatchObject({ ticks: 2, conductor: 5, toHosts: 2 });
  });

  it('is what a runtime with workers reports of its ticks', async () => {
    runtime = await testRuntime({ workers: 2 });
    for (let t = 0; t < 5; t++) {
      for (let i = 0; i < 20; i++) runtime.send(`counter:${i}`, { type: 'inc', n: 1 });
      await runtime.tick();
    }
    const phases = runtime.tickPhases();
    expect(phases.ticks).toBe(5);
    for (const value of Object.values(phases)) expect(value).toBeGreaterThanOrEqual(0);
    expect(phases.deliver + phases.toHosts + phases.reports).toBeGreaterThan(0);
  });
});
