import { afterEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/Runtime.ts';
import { contextOf, testRuntime } from './helpers.ts';

let runtime: Runtime;
afterEach(() => runtime?.stop());

describe('supervision', () => {
  for (const workers of [0, 2]) {
    it(`restarts a throwing actor from its last snapshot plus what it saw since (${workers} workers)`, async () => {
      runtime = await testRuntime({ workers, snapshotEveryTicks: 3 });
      runtime.send('counter:a', { type: 'inc', n: 10 });
      runtime.send('counter:b', { type: 'inc', n: 1 });
      await runtime.tick();
      await runtime.tick();
      await runtime.tick(); // snapshot taken here (count 10)
      runtime.send('counter:a', { type: 'inc', n: 5 }); // after the snapshot: must survive the restart
      await runtime.tick();
      runtime.send('counter:a', { type: 'boom' });
      runtime.send('counter:a', { type: 'inc', n: 1 }); // same batch, after the failure
      runtime.send('counter:b', { type: 'inc', n: 1 });
      await runtime.tick();

      const dead = runtime.deadLetters();
      expect(dead).toHaveLength(1);
      expect(dead[0]).toMatchObject({ actorId: 'counter:a', event: { type: 'boom' } });
      expect(dead[0]!.error).toMatch(/kaboom/);
      expect(runtime.stats()).toMatchObject({ failures: 1, restarts: 1 });
      expect((await runtime.getActor('counter:a'))?.errors).toBe(1);

      await runtime.tick(); // the rest of a's mail, after the restart
      expect((await contextOf(runtime, 'counter:a')).count).toBe(16);
      expect((await contextOf(runtime, 'counter:b')).count).toBe(2); // untouched by a's failure
    });
  }

  it('rebuilds a killed worker’s shards from snapshots plus later deliveries on a fresh worker', async () => {
    runtime = await testRuntime({ workers: 2, snapshotEveryTicks: 2 });
    const ids = Array.from({ length: 20 }, (_, i) => `counter:${i}`);
    for (const id of ids) runtime.send(id, { type: 'inc', n: 3 });
    await runtime.tick();
    await runtime.tick(); // snapshot (3 each)
    for (const id of ids) runtime.send(id, { type: 'inc', n: 4 }); // after the snapshot
    await runtime.tick();
    const before = await runtime.worldHash();

    await (runtime as unknown as { conductor: { hosts: { terminate(slot: number): Promise<void> } } }).conductor.hosts.terminate(0);
    for (const id of ids) runtime.send(id, { type: 'inc', n: 1 });
    await runtime.tick();

    expect(runtime.stats().workerRebuilds).toBeGreaterThanOrEqual(1);
    for (const id of ids) expect((await contextOf(runtime, id)).count).toBe(8);
    expect(before).not.toBe(await runtime.worldHash());
  });
});

describe('virtual actors', () => {
  it('passivates idle actors and reactivates them transparently on their next message', async () => {
    runtime = await testRuntime({ workers: 1, passivateAfterMs: 5_000 });
    runtime.send('counter:idle', { type: 'inc', n: 9 });
    runtime.send('counter:idle', { type: 'toggle' });
    for (let i = 0; i < 20; i++) {
      runtime.send('counter:busy', { type: 'inc' });
      await runtime.tick();
    }
    expect((await runtime.getActor('counter:idle'))?.status).toBe('passive');
    expect((await runtime.getActor('counter:busy'))?.status).toBe('active');
    expect(runtime.stats().passivations).toBe(1);

    runtime.send('counter:idle', { type: 'inc', n: 1 });
    await runtime.tick();
    const idle = await runtime.getActor('counter:idle');
    expect(idle).toMatchObject({ status: 'active', state: 'busy' });
    expect((idle?.snapshot as { context: { count: number } }).context.count).toBe(10);
  });
});

describe('effects and inspection', () => {
  it('hands effects to main-thread handlers with a stable id, and replies come back as events', async () => {
    runtime = await testRuntime({ workers: 1 });
    const seen: { question: unknown; id: string; actorId: string }[] = [];
    runtime.onEffect('test.ask', (effect, ctx) => {
      seen.push({ question: effect.question, id: ctx.id, actorId: ctx.actorId });
      ctx.reply({ type: 'answer', text: 'forty-two' });
    });
    runtime.send('counter:a', { type: 'inc', n: 2 });
    runtime.send('counter:a', { type: 'ask' }, 'game', 'event-123');
    await runtime.tick();
    await runtime.tick();
    expect(seen).toEqual([{ question: 'count is 2', id: expect.stringMatching(/^counter:a\/[0-9a-f]{16}$/), actorId: 'counter:a' }]);
    expect((await contextOf(runtime, 'counter:a')).seen).toEqual(['answer:forty-two']);

    // the same causal chain in a fresh world yields the same effect id (a crash replay is idempotent)
    const again = await testRuntime({ workers: 0 });
    let replayId = '';
    again.onEffect('test.ask', (_e, ctx) => void (replayId = ctx.id));
    again.send('counter:a', { type: 'ask' }, 'game', 'event-123');
    await again.tick();
    await again.stop();
    expect(replayId).toBe(seen[0]!.id);
  });

  it('streams transitions of watched actors only, with context diffs', async () => {
    runtime = await testRuntime({ workers: 1 });
    const transitions: unknown[] = [];
    const stop = runtime.watch('counter:w', (t) => transitions.push(t));
    runtime.send('counter:w', { type: 'inc', n: 3 });
    runtime.send('counter:x', { type: 'inc', n: 3 });
    await runtime.tick();
    stop();
    runtime.send('counter:w', { type: 'toggle' });
    await runtime.tick();
    expect(transitions).toEqual([
      expect.objectContaining({ actorId: 'counter:w', from: 'idle', to: 'idle', contextDiff: expect.objectContaining({ count: { before: 0, after: 3 } }) }),
    ]);
    expect((await runtime.getActor('counter:x'))?.recentTransitions).toEqual([]);
  });
});

describe('effect ids across a restart', () => {
  it('gives an untraced external send a fresh id even when the sequence rewinds to an older checkpoint', async () => {
    const { MemorySnapshotStore } = await import('../../persistence/memory/MemorySnapshotStore.ts');
    const store = new MemorySnapshotStore();
    const ids: string[] = [];
    const first = await testRuntime({ store });
    await first.flush(); // checkpoint at seq 0
    first.onEffect('test.ask', (_e, ctx) => void ids.push(ctx.id));
    first.send('counter:a', { type: 'ask' }); // after the checkpoint: lost with the crash below
    await first.tick();
    const second = await testRuntime({ store, restore: true }); // the crash: restart from the checkpoint
    second.onEffect('test.ask', (_e, ctx) => void ids.push(ctx.id));
    second.send('counter:a', { type: 'ask' }); // a different, new request at the same sequence number
    await second.tick();
    await Promise.all([first.stop(), second.stop()]);
    expect(ids).toHaveLength(2);
    expect(ids[1]).not.toBe(ids[0]);
  });
});
