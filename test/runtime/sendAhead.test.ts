import { afterEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/Runtime.ts';
import { contextOf, testRuntime } from './helpers.ts';

let runtime: Runtime;
afterEach(() => runtime?.stop());

type Hosts = { conductor: { hosts: { terminate(slot: number): Promise<void> } } };

/**
 * External mail goes ahead to worker hosts in chunks (Conductor AHEAD_CHUNK = 2048) before its tick: enough mail
 * here that every host gets chunks, held across a collection (world hash) and a lost worker.
 */
async function world(workers: number, kill: boolean): Promise<{ hash: string; counts: number[] }> {
  runtime = await testRuntime({ workers, snapshotEveryTicks: 1e9, maxPerTick: 1000 });
  const ids = Array.from({ length: 20 }, (_, i) => `counter:${i}`);
  for (let round = 0; round < 300; round++) for (const id of ids) runtime.send(id, { type: 'inc', n: 1 + (round % 3) });
  await runtime.tick();
  for (let round = 0; round < 300; round++) for (const id of ids) runtime.send(id, { type: 'inc', n: 1 });
  const waiting = await runtime.worldHash(); // a collection while that mail is ahead at the hosts, not yet ticked
  if (kill) await (runtime as unknown as Hosts).conductor.hosts.terminate(0);
  await runtime.tick();
  const counts = [];
  for (const id of ids) counts.push((await contextOf(runtime, id)).count as number);
  const hash = await runtime.worldHash();
  expect(hash).not.toBe(waiting);
  await runtime.stop();
  return { hash, counts };
}

describe('external mail sent ahead to worker hosts', () => {
  it('is delivered in the conductor’s order, like the in-process host, across a collection and a lost worker', async () => {
    const inline = await world(0, false);
    expect(inline.counts).toEqual(Array.from({ length: 20 }, () => 600 + 300));
    expect(await world(2, false)).toEqual(inline);
    expect(await world(2, true)).toEqual(inline);
    expect(runtime.stats().workerRebuilds).toBeGreaterThanOrEqual(1);
  });
});
