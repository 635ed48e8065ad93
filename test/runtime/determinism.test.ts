import { afterEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/Runtime.ts';
import { RING } from './fixtures/catalogue.ts';
import { testRuntime } from './helpers.ts';

const runtimes: Runtime[] = [];
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((r) => r.stop()));
});

/** Same seed, same inputs: gossip storms over a ring with random jumps, counters rolling dice, timers. */
async function runWorld(workers: number, seed = 42): Promise<string> {
  const runtime = await testRuntime({ workers, seed, passivateAfterMs: 20_000, snapshotEveryTicks: 7, flushEveryTicks: 13 });
  runtimes.push(runtime);
  for (let i = 0; i < RING; i += 8) runtime.send(`relay:${i}`, { type: 'gossip', hops: 4 });
  for (let i = 0; i < 20; i++) {
    runtime.send(`counter:${i}`, { type: 'roll' });
    runtime.send(`counter:${i}`, { type: 'arm', at: Date.UTC(2026, 0, 1) + 1000 * (i + 3) });
  }
  for (let t = 0; t < 40; t++) {
    if (t % 5 === 0) runtime.send(`counter:${t % 7}`, { type: 'burst', to: `counter:${(t * 3) % 20}` });
    await runtime.tick();
  }
  // the storm really happened: hundreds of actor-to-actor messages, timers fired, some actors passivated
  expect(runtime.stats().messagesSent).toBeGreaterThan(200);
  expect(runtime.stats().passivations).toBeGreaterThan(0);
  return runtime.worldHash();
}

describe('determinism', () => {
  it('gives the identical world hash with 1, 2 and 4 workers', async () => {
    const [one, two, four] = [await runWorld(1), await runWorld(2), await runWorld(4)];
    expect(two).toBe(one);
    expect(four).toBe(one);
  });

  it('matches the in-process host too, and differs with another seed', async () => {
    const inline = await runWorld(0);
    expect(await runWorld(2)).toBe(inline);
    expect(await runWorld(0, 43)).not.toBe(inline);
  });
});
