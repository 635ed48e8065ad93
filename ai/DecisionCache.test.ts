import { describe, expect, it } from 'vitest';
import type { Cache } from '../persistence/types.ts';
import { DecisionCache } from './DecisionCache.ts';
import type { AiRequest } from './types.ts';

/** A tiny Cache with TTL and a call log, standing in for Redis. */
class MapCache implements Cache {
  readonly entries = new Map<string, { value: string; expiresAt: number }>();
  failing = false;
  constructor(private readonly now: () => number) {}
  async get(key: string) {
    if (this.failing) throw new Error('connection refused');
    const entry = this.entries.get(key);
    return entry && entry.expiresAt > this.now() ? entry.value : null;
  }
  async set(key: string, value: string, ttlMs: number) {
    if (this.failing) throw new Error('connection refused');
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
  }
  async del(key: string) {
    this.entries.delete(key);
  }
}

const facts = { a: 'x', b: 'y', c: 'z', d: 1, e: 2, f: true, g: 'rain', h: 'day', i: 'calm', j: 'prontera' };
const request = (over: Partial<AiRequest> = {}): AiRequest => ({ requestId: 'r', actorId: 'npc:1', purpose: 'dialogue', facts, ...over });

describe('DecisionCache', () => {
  it('finds an exact match for another actor with the same normalised context', async () => {
    const cache = new DecisionCache();
    await cache.store(request(), { text: 'Hello!' }, 'groq');
    const hit = await cache.lookup(request({ requestId: 'other', actorId: 'npc:2', facts: { ...facts, g: ' RAIN ' } }));
    expect(hit).toEqual({ answer: { text: 'Hello!' }, provider: 'groq', match: 'exact', score: 1 });
  });

  it('finds a near-duplicate at ≥ 0.85 and misses a context that differs more', async () => {
    const cache = new DecisionCache();
    await cache.store(request(), { text: 'Hello!' }, 'groq');
    const near = await cache.lookup(request({ facts: { ...facts, j: 'geffen' } }));
    expect(near?.match).toBe('similar');
    expect(near!.score).toBeGreaterThanOrEqual(0.85);
    expect(await cache.lookup(request({ facts: { ...facts, i: 'angry', j: 'geffen', h: 'night' } }))).toBeNull();
  });

  it('never answers across purposes or option sets', async () => {
    const cache = new DecisionCache();
    await cache.store(request({ purpose: 'decision', options: ['a', 'b'] }), { choice: 'a' }, 'groq');
    expect(await cache.lookup(request({ purpose: 'decision', options: ['a', 'c'] }))).toBeNull();
    expect(await cache.lookup(request())).toBeNull();
    expect((await cache.lookup(request({ purpose: 'decision', options: ['b', 'a'] })))?.answer).toEqual({ choice: 'a' });
  });

  it('expires entries after the TTL (1 h by default) in L1 and L2', async () => {
    let now = 1_000_000;
    const l2 = new MapCache(() => now);
    const cache = new DecisionCache({ l2, now: () => now });
    await cache.store(request(), { text: 'Hello!' }, 'groq');
    now += 59 * 60 * 1000;
    expect(await cache.lookup(request())).not.toBeNull();
    now += 2 * 60 * 1000;
    expect(await cache.lookup(request())).toBeNull();
    expect(cache.nearest(request())).toBeNull();
  });

  it('shares answers between processes through L2', async () => {
    const l2 = new MapCache(Date.now);
    const writer = new DecisionCache({ l2, prefix: 'test:' });
    await writer.store(request(), { text: 'Shared' }, 'anthropic');
    expect([...l2.entries.keys()][0]).toMatch(/^test:/);
    const reader = new DecisionCache({ l2, prefix: 'test:' });
    expect((await reader.lookup(request()))?.answer).toEqual({ text: 'Shared' });
    // …and the L2 hit is now in the reader's L1 and similarity index
    l2.entries.clear();
    expect(reader.lookupInProcess(request({ facts: { ...facts, j: 'payon' } }))?.match).toBe('similar');
  });

  it('treats an L2 outage or a corrupt L2 value as a miss and keeps working from L1', async () => {
    const l2 = new MapCache(Date.now);
    const cache = new DecisionCache({ l2 });
    l2.failing = true;
    await cache.store(request(), { text: 'Local' }, 'groq');
    expect((await cache.lookup(request()))?.answer).toEqual({ text: 'Local' });
    expect(await cache.lookup(request({ purpose: 'quest' }))).toBeNull();
    l2.failing = false;
    const fresh = new DecisionCache({ l2, prefix: 'p:' });
    await l2.set('p:' + 'x', 'not json', 1000);
    await expect(fresh.lookup(request())).resolves.toBeNull();
  });

  it('nearest() returns the closest answer of the bucket whatever the score', async () => {
    const cache = new DecisionCache();
    await cache.store(request({ facts: { mood: 'calm' } }), { text: 'Calm' }, 'groq');
    await cache.store(request({ facts: { mood: 'angry', weather: 'storm' } }), { text: 'Angry' }, 'groq');
    expect(cache.nearest(request({ facts: { mood: 'angry' } }))?.answer).toEqual({ text: 'Angry' });
    expect(cache.nearest(request({ purpose: 'story' }))).toBeNull();
  });
});

describe('DecisionCache per-actor window', () => {
  it("still finds an actor's own near-duplicate after the shared bucket window has moved on", async () => {
    const cache = new DecisionCache({ maxPerBucket: 4, maxPerActor: 2 });
    const mine = { ...request(), actorId: 'npc:kafra' };
    await cache.store(mine, { text: 'Kafra services!' }, 'groq');
    for (let i = 0; i < 10; i++) {
      await cache.store({ ...request(), actorId: `npc:${i}`, facts: { other: i, topic: `t${i}` } }, { text: `x${i}` }, 'groq');
    }
    const near = { ...mine, facts: { ...facts, j: 'geffen' } };
    // without the actor id only the (moved-on) shared window is scanned
    expect(await cache.lookup({ purpose: near.purpose, facts: near.facts })).toBeNull();
    expect((await cache.lookup(near))?.answer).toEqual({ text: 'Kafra services!' });
  });
});

describe('DecisionCache similar hits', () => {
  it('follow a drifting context step by step, but never past the original TTL', async () => {
    let now = 0;
    const cache = new DecisionCache({ now: () => now });
    // each step changes one more fact of ten
    const step = (i: number) => ({ ...request(), facts: { ...facts, a: i >= 1 ? 'x1' : 'x0', b: i >= 2 ? 'y1' : 'y0', c: i >= 3 ? 'z1' : 'z0' } });
    const direct = new DecisionCache({ now: () => now });
    await direct.store(step(0), { text: 'Original' }, 'groq');
    expect(await direct.lookup(step(3))).toBeNull(); // three facts apart: not similar on its own
    await cache.store(step(0), { text: 'Original' }, 'groq');
    for (let i = 1; i <= 3; i++) {
      now += 10 * 60 * 1000;
      expect((await cache.lookup(step(i)))?.answer).toEqual({ text: 'Original' });
    }
    now = 60 * 60 * 1000; // the original's hour is over: every link of the chain expires with it
    expect(await cache.lookup(step(3))).toBeNull();
    expect(await cache.lookup(step(1))).toBeNull();
  });
});
