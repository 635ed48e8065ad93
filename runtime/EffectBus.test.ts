import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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

  describe('bounded in memory, then spilled', () => {
    const dirs: string[] = [];
    const spillDir = () => {
      const dir = mkdtempSync(join(tmpdir(), 'midgard-spill-'));
      dirs.push(dir);
      return dir;
    };
    afterEach(() => {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    });

    it('keeps at most the bound in memory; 3x the bound un-landed all land exactly once, in order per actor', async () => {
      const dir = spillDir();
      const bound = 10;
      const bus = new EffectBus({ retryBaseMs: 1, retryMaxMs: 1, maxInMemory: bound, spillDir: dir });
      let down = true;
      let inMemoryPeak = 0;
      const landed: string[] = [];
      bus.on('bridge.action', async (_e, c) => {
        inMemoryPeak = Math.max(inMemoryPeak, bus.unlanded() - bus.spilled());
        if (down) throw new Error('ECONNREFUSED');
        landed.push(c.id);
      });
      const ids: string[] = [];
      for (let i = 0; i < 3 * bound; i++) {
        const id = `npc:${i % 3}/t${i}`;
        ids.push(id);
        bus.dispatch({ kind: 'bridge.action', n: i }, { ...ctx(id), actorId: `npc:${i % 3}` });
      }
      await bus.settle();
      expect(bus.unlanded()).toBe(3 * bound);
      expect(bus.spilled()).toBe(2 * bound);
      expect(readdirSync(dir)).toHaveLength(1);
      // the checkpoint carries every un-landed effect, spilled ones included, oldest first
      expect(bus.pending().map((p) => p.id)).toEqual(ids);
      // a replayed id that sits in the spill file is not spilled twice
      bus.dispatch({ kind: 'bridge.action', n: 29 }, { ...ctx(ids[29]!), actorId: 'npc:2' });
      expect(bus.unlanded()).toBe(3 * bound);

      down = false;
      expect(await bus.whenLanded()).toBe(true);
      expect(inMemoryPeak).toBeLessThanOrEqual(bound);
      expect(landed).toHaveLength(3 * bound);
      expect(new Set(landed).size).toBe(3 * bound);
      for (const actor of ['npc:0', 'npc:1', 'npc:2']) {
        const mine = (list: string[]) => list.filter((id) => id.startsWith(`${actor}/`));
        expect(mine(landed)).toEqual(mine(ids));
      }
      expect(bus.spilled()).toBe(0);
      expect(readdirSync(dir)).toEqual([]); // drained: the spill file is gone
    });

    it('a spilled effect gets its way back to the actor from replyFor', async () => {
      const replies: unknown[] = [];
      const bus = new EffectBus({ retryBaseMs: 1, retryMaxMs: 1, maxInMemory: 1, spillDir: spillDir(), replyFor: (s) => (event) => void replies.push({ to: s.actorId, event }) });
      let down = true;
      bus.on('ai.decide', async (_e, c) => {
        if (down) throw new Error('provider down');
        c.reply({ type: 'ai.decision', id: c.id });
      });
      bus.dispatch({ kind: 'ai.decide' }, ctx('npc:1/a', replies));
      bus.dispatch({ kind: 'ai.decide' }, ctx('npc:1/b'));
      expect(bus.spilled()).toBe(1);
      down = false;
      expect(await bus.whenLanded()).toBe(true);
      expect(replies).toEqual([{ type: 'ai.decision', id: 'npc:1/a' }, { to: 'npc:1', event: { type: 'ai.decision', id: 'npc:1/b' } }]);
    });

    it('close() after the last checkpoint deletes the spill file; restore() of that checkpoint spills again past the bound', async () => {
      const dir = spillDir();
      const first = new EffectBus({ retryBaseMs: 1000, maxInMemory: 2, spillDir: dir });
      first.on('x', () => Promise.reject(new Error('down')));
      for (let i = 0; i < 5; i++) first.dispatch({ kind: 'x' }, ctx(`npc:1/t${i}`));
      await first.settle();
      const saved = JSON.parse(JSON.stringify(first.pending()));
      first.close();
      expect(readdirSync(dir)).toEqual([]);

      const second = new EffectBus({ retryBaseMs: 1, maxInMemory: 2, spillDir: dir });
      const landed: string[] = [];
      second.on('x', (_e, c) => void landed.push(c.id));
      second.restore(saved, () => () => {});
      expect(second.spilled()).toBe(3);
      expect(await second.whenLanded()).toBe(true);
      expect(landed).toEqual(['npc:1/t0', 'npc:1/t1', 'npc:1/t2', 'npc:1/t3', 'npc:1/t4']);
    });

    it('refuses a bound that is not a positive integer', () => {
      expect(() => new EffectBus({ maxInMemory: 0 })).toThrow(/maxInMemory/);
    });
  });
});
