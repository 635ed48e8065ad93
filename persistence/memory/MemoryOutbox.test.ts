import { describe, expect, it } from 'vitest';
import type { BridgeAction, OutboxEntry } from '../types.ts';
import { MemoryOutbox } from './MemoryOutbox.ts';

const action = (id: string, over: Partial<BridgeAction> = {}): BridgeAction => ({
  action_id: id,
  action_type: 'broadcast_message',
  payload: { message: `hello ${id}` },
  ...over,
});

describe('MemoryOutbox', () => {
  it('enqueues idempotently by action_id and numbers entries in order', async () => {
    const outbox = new MemoryOutbox();
    const first = await outbox.enqueue([action('a'), action('b'), action('a')]);
    expect(first.map((e) => [e.action_id, e.seq, e.status])).toEqual([['a', 1, 'pending'], ['b', 2, 'pending']]);
    const again = await outbox.enqueue([action('b', { payload: { message: 'changed' } }), action('c')]);
    expect(again.map((e) => e.action_id)).toEqual(['c']);
    expect((await outbox.get('b'))!.payload).toEqual({ message: 'hello b' });
  });

  it('never offers a leased action twice until its lease has expired', async () => {
    const outbox = new MemoryOutbox();
    await outbox.enqueue([action('a'), action('b'), action('c')]);
    const lease1 = await outbox.lease(2, 1000, 10_000);
    expect(lease1.map((e) => e.action_id)).toEqual(['a', 'b']);
    expect(lease1.every((e) => e.status === 'leased' && e.leaseUntil === 11_000 && e.attempts === 1)).toBe(true);
    expect((await outbox.lease(10, 1000, 10_500)).map((e) => e.action_id)).toEqual(['c']);
    expect(await outbox.lease(10, 1000, 10_999)).toEqual([]);
    await outbox.complete('a', 'completed', 'done', 10_999);
    // b's lease ran out: offered again, counted as a second attempt; a is done and c's lease still runs
    const retry = await outbox.lease(10, 1000, 11_000);
    expect(retry.map((e) => [e.action_id, e.attempts])).toEqual([['b', 2]]);
  });

  it('completes idempotently: the first outcome wins, unknown ids say false', async () => {
    const outbox = new MemoryOutbox();
    await outbox.enqueue([action('a')]);
    await outbox.lease(1, 1000, 0);
    expect(await outbox.complete('a', 'completed', 'spawned 3', 500)).toBe(true);
    expect(await outbox.complete('a', 'failed', 'late', 600)).toBe(true);
    expect(await outbox.get('a')).toMatchObject({ status: 'completed', resultMessage: 'spawned 3', completedAt: 500, leaseUntil: null });
    expect(await outbox.complete('nope', 'completed', undefined, 0)).toBe(false);
    expect(await outbox.lease(10, 1000, 5000)).toEqual([]);
  });

  it('keeps offering open actions around finished ones, in seq order', async () => {
    const outbox = new MemoryOutbox();
    await outbox.enqueue([action('a'), action('b'), action('c'), action('d')]);
    await outbox.lease(2, 100, 0); // a, b
    await outbox.complete('b', 'completed', undefined, 1);
    await outbox.complete('c', 'failed', 'no such map', 1);
    expect((await outbox.lease(10, 100, 50)).map((e) => e.action_id)).toEqual(['d']);
    await outbox.complete('d', 'completed', undefined, 60);
    expect((await outbox.lease(10, 100, 100)).map((e) => [e.action_id, e.attempts])).toEqual([['a', 2]]);
    await outbox.complete('a', 'completed', undefined, 101);
    await outbox.enqueue([action('e')]);
    expect((await outbox.lease(10, 100, 200)).map((e) => e.action_id)).toEqual(['e']);
  });

  it('gives up on an action whose lease expired maxAttempts times', async () => {
    const outbox = new MemoryOutbox({ maxAttempts: 2 });
    await outbox.enqueue([action('a')]);
    expect(await outbox.lease(1, 100, 0)).toHaveLength(1);
    expect(await outbox.lease(1, 100, 100)).toHaveLength(1);
    expect(await outbox.lease(1, 100, 200)).toEqual([]);
    expect(await outbox.get('a')).toMatchObject({ status: 'failed', attempts: 2 });
  });

  it('streams entries after a seq whatever their status, for resumable streams', async () => {
    const outbox = new MemoryOutbox();
    await outbox.enqueue([action('a'), action('b'), action('c')]);
    await outbox.lease(1, 100, 0);
    await outbox.complete('a', 'completed', undefined, 1);
    expect((await outbox.after(0, 10)).map((e) => `${e.seq}:${e.status}`)).toEqual(['1:completed', '2:pending', '3:pending']);
    expect((await outbox.after(1, 1)).map((e) => e.action_id)).toEqual(['b']);
  });

  it('wakes listeners with the new entries only, and stops after unsubscribe', async () => {
    const outbox = new MemoryOutbox();
    const seen: OutboxEntry[][] = [];
    const off = outbox.onEnqueued((entries) => seen.push(entries));
    outbox.onEnqueued(() => {
      throw new Error('a broken listener must not break enqueue');
    });
    await outbox.enqueue([action('a'), action('b')]);
    await outbox.enqueue([action('a')]);
    off();
    await outbox.enqueue([action('c')]);
    expect(seen.map((batch) => batch.map((e) => e.action_id))).toEqual([['a', 'b']]);
    expect(await outbox.get('c')).not.toBeNull();
  });

  it('refuses malformed actions and arguments without changing anything', async () => {
    const outbox = new MemoryOutbox();
    await expect(outbox.enqueue([action('ok'), { action_type: 'x' } as BridgeAction])).rejects.toThrow(/action #1: action_(id|type)/);
    await expect(outbox.enqueue([action('ok2', { target_player_id: 1.5 })])).rejects.toThrow(/target_player_id/);
    expect(await outbox.get('ok')).toBeNull();
    await expect(outbox.lease(0, 100, 0)).rejects.toThrow(/limit/);
    await expect(outbox.complete('ok', 'done' as 'completed', undefined, 0)).rejects.toThrow(/status/);
    await expect(outbox.complete(7 as unknown as string, 'completed', undefined, 0)).rejects.toThrow(/action_id/);
    expect(() => new MemoryOutbox({ maxAttempts: 0 })).toThrow(/maxAttempts/);
  });
});
