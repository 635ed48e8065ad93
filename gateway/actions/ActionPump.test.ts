import { describe, expect, it, vi } from 'vitest';
import { MemoryOutbox } from '../../persistence/memory/index.ts';
import type { OutboxEntry } from '../../persistence/types.ts';
import { ActionPump } from './ActionPump.ts';
import { ActionSignal } from './ActionSignal.ts';

const action = (n: number) => ({ action_id: `a-${n}`, action_type: 'broadcast_message', payload: { message: `m${n}` } });

function pumpOn(outbox: MemoryOutbox, signal: ActionSignal | undefined, clock: { now: number }, fail = false) {
  const got: OutboxEntry[] = [];
  let arrived = () => {};
  const pump = new ActionPump({
    outbox,
    signal,
    // a sweep far beyond the test's timeout: anything delivered was delivered by a wake-up
    sweepMs: 600_000,
    leaseMs: () => 30_000,
    batch: () => 10,
    now: () => clock.now,
    deliver: async (entries) => {
      if (fail) throw new Error('peer gone');
      got.push(...entries);
      arrived();
    },
  });
  const next = (count: number) =>
    new Promise<void>((resolve) => {
      arrived = () => got.length >= count && resolve();
      arrived();
    });
  return { pump, got, next };
}

describe('ActionPump', () => {
  it('delivers an action enqueued while idle because the enqueue woke it (not a timer)', async () => {
    const outbox = new MemoryOutbox();
    const signal = new ActionSignal(outbox);
    await signal.start();
    const p = pumpOn(outbox, signal, { now: 1_000 });
    await p.pump.start(null);
    expect(p.got).toEqual([]);
    await outbox.enqueue([action(1)]);
    await p.next(1);
    expect(p.got.map((e) => e.action_id)).toEqual(['a-1']);
    p.pump.stop();
  });

  it('never hands the same action to two pumps (or a pump and a poller) while leased', async () => {
    const outbox = new MemoryOutbox();
    const signal = new ActionSignal(outbox);
    await signal.start();
    const clock = { now: 1_000 };
    const a = pumpOn(outbox, signal, clock);
    const b = pumpOn(outbox, signal, clock);
    await Promise.all([a.pump.start(null), b.pump.start(null)]);
    await outbox.enqueue(Array.from({ length: 25 }, (_, i) => action(i)));
    await new Promise((r) => setTimeout(r, 20));
    const ids = [...a.got, ...b.got].map((e) => e.action_id);
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
    expect(await outbox.lease(10, 30_000, clock.now)).toEqual([]); // the poller gets none of them
    a.pump.stop();
    b.pump.stop();
  });

  it('on resume re-sends what is still leased after the acknowledged seq, then carries on', async () => {
    const outbox = new MemoryOutbox();
    await outbox.enqueue([action(1), action(2), action(3)]);
    await outbox.lease(10, 30_000, 1_000); // a previous connection took all three
    await outbox.complete('a-3', 'completed', undefined, 1_000);
    const p = pumpOn(outbox, undefined, { now: 2_000 });
    await p.pump.start(1); // the bridge had handled seq 1
    expect(p.got.map((e) => e.action_id)).toEqual(['a-2']);
    p.pump.stop();
  });

  it('stops when delivery fails; the undelivered actions are offered again after their lease', async () => {
    const outbox = new MemoryOutbox();
    const clock = { now: 1_000 };
    await outbox.enqueue([action(1)]);
    const broken = pumpOn(outbox, undefined, clock, true);
    await broken.pump.start(null);
    await outbox.enqueue([action(2)]);
    clock.now += 30_000;
    const healthy = pumpOn(outbox, undefined, clock);
    await healthy.pump.start(null);
    expect(healthy.got.map((e) => e.action_id)).toEqual(['a-1', 'a-2']);
    healthy.pump.stop();
  });
});

describe('ActionPump sweeps', () => {
  it('with a live signal it reads the outbox on wake-ups and once per lease time, not on a short loop', async () => {
    vi.useFakeTimers();
    try {
      const outbox = new MemoryOutbox();
      const signal = new ActionSignal(outbox);
      await signal.start();
      let reads = 0;
      const lease = outbox.lease.bind(outbox);
      outbox.lease = (...args) => (reads++, lease(...args));
      const pump = new ActionPump({ outbox, signal, leaseMs: () => 30_000, batch: () => 10, now: Date.now, deliver: async () => {} });
      await pump.start(null);
      const afterStart = reads;
      await vi.advanceTimersByTimeAsync(29_000);
      expect(reads).toBe(afterStart); // no reads while nothing happens and no lease can have expired
      await vi.advanceTimersByTimeAsync(1_000);
      expect(reads).toBe(afterStart + 1); // the lease-time sweep: an expired lease is offered again
      pump.stop();
      await signal.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('ActionPump failures', () => {
  it('start() never rejects: a failing resume stops the pump quietly', async () => {
    const outbox = new MemoryOutbox();
    outbox.after = async () => {
      throw new Error('database gone');
    };
    const p = pumpOn(outbox, undefined, { now: 1 });
    await expect(p.pump.start(5)).resolves.toBeUndefined();
    await outbox.enqueue([action(1)]);
    p.pump.wake();
    await new Promise((r) => setTimeout(r, 10));
    expect(p.got).toEqual([]); // stopped
  });
});
