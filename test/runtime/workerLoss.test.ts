import { afterEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/Runtime.ts';
import type { HostCommand, HostReport } from '../../runtime/hostProtocol.ts';
import { HostLost, type Link } from '../../runtime/hostLink.ts';
import { contextOf, testRuntime } from './helpers.ts';

/** The pool behind a runtime, as these tests reach into it: its links and a way to kill a worker. */
interface PoolInside {
  links: Link[];
  terminate(slot: number): Promise<void>;
}
const poolOf = (runtime: Runtime) => (runtime as unknown as { conductor: { hosts: PoolInside } }).conductor.hosts;

const IDS = Array.from({ length: 30 }, (_, i) => `counter:${i}`);

let runtimes: Runtime[] = [];
afterEach(async () => {
  await Promise.all(runtimes.map((r) => r.stop()));
  runtimes = [];
});

/**
 * Six ticks of mail to 30 counters (a collection every two ticks); `disrupt` runs before tick 3 is run. Returns
 * what a world that lost nothing must equal.
 */
async function world(workers: number, disrupt?: (runtime: Runtime) => Promise<void> | void) {
  const runtime = await testRuntime({ workers, snapshotEveryTicks: 2 });
  runtimes.push(runtime);
  for (let t = 0; t < 6; t++) {
    for (const id of IDS) runtime.send(id, { type: 'inc', n: t + 1 }, 'test', `t${t}-${id}`);
    if (t === 3) await disrupt?.(runtime);
    await runtime.tick();
  }
  const counts = await Promise.all(IDS.map(async (id) => (await contextOf(runtime, id)).count));
  return { hash: await runtime.worldHash(), counts, rebuilds: runtime.stats().workerRebuilds };
}

describe('workers lost together', () => {
  for (const [workers, lost] of [[2, [0, 1]], [3, [0, 2]], [3, [0, 1, 2]]] as const) {
    it(`rebuilds workers ${lost.join(', ')} of ${workers}, lost at once, into the world that lost nothing`, async () => {
      const reference = await world(workers);
      const survived = await world(workers, (runtime) => Promise.all(lost.map((slot) => poolOf(runtime).terminate(slot))).then(() => undefined));
      expect(survived.rebuilds).toBe(lost.length);
      expect(survived.counts).toEqual(reference.counts);
      expect(survived.hash).toBe(reference.hash);
    }, 30_000);
  }

  it('rebuilds a worker lost after answering a collecting tick, before the other answered, from the collection before', async () => {
    const reference = await world(2);
    const survived = await world(2, (runtime) => {
      // the first collecting tick from here on is the one held
      const pool = poolOf(runtime);
      const [first, second] = pool.links as [Link, Link];
      let answered!: () => void;
      const firstAnswered = new Promise<void>((resolve) => (answered = resolve));
      let armed = true;
      const collecting = (command: HostCommand) => armed && command.op === 'tick' && command.collect;
      pool.links[0] = {
        ...first,
        call: async (command, transfer) => {
          const held = collecting(command);
          const reply = await first.call(command, transfer);
          if (held) answered();
          return reply;
        },
      };
      pool.links[1] = {
        ...second,
        call: async (command, transfer): Promise<HostReport> => {
          const held = collecting(command);
          const reply = await second.call(command, transfer);
          if (!held) return reply;
          // the first host's collection is in, this one's is not (whichever came first): both workers die now
          await firstAnswered;
          armed = false;
          await Promise.all([pool.terminate(0), pool.terminate(1)]);
          throw new HostLost('worker for host 1 lost before its collection was read');
        },
      };
    });
    expect(survived.rebuilds).toBe(2);
    expect(survived.counts).toEqual(reference.counts);
    expect(survived.hash).toBe(reference.hash);
  }, 30_000);
});
