import { describe, expect, it } from 'vitest';
import { EffectBus } from './EffectBus.ts';
import type { EffectContext } from './control.ts';

const ctx = (id: string, replies: unknown[] = []): EffectContext => ({ id, actorId: 'npc:1', tick: 1, now: 0, reply: (e) => void replies.push(e) });

/** A store that refuses writes while `down` is set, and keeps each id once (like the outbox). */
function flakyStore() {
  const landed = new Map<string, number>();
  const store = {
    down: true,
    calls: 0,
    landed,
    async write(id: string) {
      store.calls++;
      if (store.down) throw new Error('ECONNREFUSED');
      landed.set(id, (landed.get(id) ?? 0) + 1);
    },
  };
  return store;
}

describe('EffectBus', () => {
  it('retries an effect whose handler fails until it lands, and reports it unlanded meanwhile', async () => {
    const bus = new EffectBus({ retryBaseMs: 1, retryMaxMs: 5 });
    const store = flakyStore();
    bus.on('bridge.action', (_e, c) => store.write(c.id));
    bus.dispatch({ kind: 'bridge.action' }, ctx('npc:1/a'));
    bus.dispatch({ kind: 'bridge.action' }, ctx('npc:1/b'));
    await bus.settle();
    expect(bus.unlanded()).toBe(2);
    expect(bus.pending().map((p) => p.id).sort()).toEqual(['npc:1/a', 'npc:1/b']);
    while (store.calls < 6) await new Promise((r) => setTimeout(r, 2));
    store.down = false;
    expect(await bus.whenLanded()).toBe(true);
    expect(bus.unlanded()).toBe(0);
    expect([...store.landed.entries()].sort()).toEqual([['npc:1/a', 1], ['npc:1/b', 1]]);
    expect(bus.failures).toBeGreaterThanOrEqual(2);
  });

  it('whenLanded gives up after its timeout while effects are still queued', async () => {
    const bus = new EffectBus({ retryBaseMs: 1000, retryMaxMs: 1000 });
    bus.on('x', () => Promise.reject(new Error('down')));
    bus.dispatch({ kind: 'x' }, ctx('npc:1/x'));
    expect(await bus.whenLanded(5)).toBe(false);
    bus.close();
  });

  it('gives up at once on a malformed effect (permanent failure) instead of retrying it forever', async () => {
    const bus = new EffectBus({ retryBaseMs: 1 });
    let calls = 0;
    bus.on('x', () => {
      calls++;
      throw Object.assign(new Error('bad action'), { name: 'InvalidRecordError' });
    });
    bus.dispatch({ kind: 'x' }, ctx('npc:1/x'));
    await bus.settle();
    expect(bus.unlanded()).toBe(0);
    expect(bus.givenUp).toBe(1);
    expect(calls).toBe(1);
  });

  it('restores what a checkpoint carried, with a reply path back to the actor', async () => {
    const first = new EffectBus({ retryBaseMs: 1000 });
    first.on('ai.decide', () => Promise.reject(new Error('provider down')));
    first.dispatch({ kind: 'ai.decide', request: { requestId: 'r1' } }, ctx('npc:1/t1'));
    await first.settle();
    const saved = JSON.parse(JSON.stringify(first.pending())); // as stored in the checkpoint document
    first.close();

    const second = new EffectBus();
    const replies: unknown[] = [];
    second.on('ai.decide', (e, c) => c.reply({ type: 'ai.decision', requestId: (e.request as { requestId: string }).requestId }));
    second.restore(saved, () => (event) => void replies.push(event));
    await second.settle();
    expect(replies).toEqual([{ type: 'ai.decision', requestId: 'r1' }]);
    expect(second.unlanded()).toBe(0);
  });

  it('a failing * listener is logged, never retried, and never holds an effect back', async () => {
    const bus = new EffectBus({ retryBaseMs: 1 });
    let listened = 0;
    bus.on('*', () => {
      listened++;
      throw new Error('feed gone');
    });
    bus.on('x', () => {});
    bus.dispatch({ kind: 'x' }, ctx('npc:1/x'));
    await bus.settle();
    expect(listened).toBe(1);
    expect(bus.unlanded()).toBe(0);
  });

  it('the same effect id dispatched twice (replay of a restored effect) is queued once', async () => {
    const bus = new EffectBus({ retryBaseMs: 1000 });
    bus.on('x', () => Promise.reject(new Error('down')));
    bus.dispatch({ kind: 'x' }, ctx('npc:1/x'));
    bus.dispatch({ kind: 'x' }, ctx('npc:1/x'));
    await bus.settle();
    expect(bus.unlanded()).toBe(1);
    bus.close();
  });
});
