import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { redisFallbacks } from '../../persistence/redis/Degradation.ts';
import { openCache, openPubSub, openRateLimits } from '../../persistence/redis/open.ts';
import { MemoryCache } from '../../persistence/memory/MemoryCache.ts';
import { freePort } from '../support/freePort.ts';
import { until } from '../support/until.ts';
import { hasRedisServer, startRedisServer, stopProcess } from './redisHelpers.ts';

const fallbacks = async (store: string) =>
  (await redisFallbacks.get()).values.filter((v) => v.labels.store === store).reduce((sum, v) => sum + v.value, 0);
const prefix = () => `test:${process.pid}:${randomBytes(4).toString('hex')}:`;

describe('open* without a Redis URL', () => {
  it('returns the in-process stores', async () => {
    const saved = process.env.REDIS_URL;
    delete process.env.REDIS_URL;
    try {
      const cache = await openCache();
      expect(cache).toBeInstanceOf(MemoryCache);
      await cache.set('k', 'v', 1000);
      expect(await cache.get('k')).toBe('v');
      await cache.close();
    } finally {
      if (saved !== undefined) process.env.REDIS_URL = saved;
    }
  });
});

describe.runIf(Boolean(process.env.REDIS_URL))('Redis stores on REDIS_URL', () => {
  const url = process.env.REDIS_URL!;
  let ns: string;
  let raw: Redis;
  const closers: (() => Promise<void>)[] = [];
  beforeAll(() => {
    raw = new Redis(url);
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    const keys = await raw.keys(`${ns}*`);
    if (keys.length) await raw.del(...keys);
  });
  afterAll(async () => {
    await raw.quit();
  });

  it('caches with a TTL, under its prefix, and deletes', async () => {
    ns = prefix();
    const cache = await openCache({ redisUrl: url, prefix: ns });
    closers.push(() => cache.close());
    await cache.set('llm:a', 'reply', 3_600_000);
    expect(await cache.get('llm:a')).toBe('reply');
    const ttl = await raw.pttl(`${ns}cache:llm:a`);
    expect(ttl).toBeGreaterThan(3_500_000);
    expect(ttl).toBeLessThanOrEqual(3_600_000);
    await cache.set('short', 'x', 30);
    await until('the short entry to expire', async () => (await cache.get('short')) === null, { timeoutMs: 5_000 });
    await cache.del('llm:a');
    expect(await cache.get('llm:a')).toBeNull();
    await expect(cache.set('k', 'v', 0)).rejects.toThrow(/ttlMs/);
  });

  it('fans messages out to subscribers of other connections, once each', async () => {
    ns = prefix();
    const a = await openPubSub({ redisUrl: url, prefix: ns });
    const b = await openPubSub({ redisUrl: url, prefix: ns });
    closers.push(() => a.close(), () => b.close());
    const gotA: string[] = [];
    const gotB: string[] = [];
    const offA = await a.subscribe('dash', (m) => gotA.push(m));
    await b.subscribe('dash', (m) => gotB.push(m));
    await a.publish('dash', 'one');
    await b.publish('dash', 'two');
    await until('both subscribers to get two messages', () => gotA.length === 2 && gotB.length === 2, { timeoutMs: 5_000 });
    expect(gotA.sort()).toEqual(['one', 'two']);
    expect(gotB.sort()).toEqual(['one', 'two']);
    await offA();
    await b.publish('dash', 'three');
    await until('the remaining subscriber to get the third', () => gotB.length === 3, { timeoutMs: 5_000 });
    expect(gotA).toHaveLength(2);
  });

  it('shares fixed-window limits between store instances', async () => {
    ns = prefix();
    const one = await openRateLimits({ redisUrl: url, prefix: ns });
    const two = await openRateLimits({ redisUrl: url, prefix: ns });
    closers.push(() => one.close(), () => two.close());
    const t = 1_700_000_000_500;
    expect(await one.hit('ip:1', 2, 1000, t)).toEqual({ allowed: true, remaining: 1, resetAt: 1_700_000_001_000 });
    expect((await two.hit('ip:1', 2, 1000, t + 1)).allowed).toBe(true);
    expect(await one.hit('ip:1', 2, 1000, t + 2)).toEqual({ allowed: false, remaining: 0, resetAt: 1_700_000_001_000 });
    expect((await two.hit('ip:1', 2, 1000, t + 500)).allowed).toBe(true); // next window
    const pttl = await raw.pttl(`${ns}rl:ip:1:1700000000000`);
    expect(pttl).toBeGreaterThan(0);
  });
});

describe('Redis going away', () => {
  it('at start-up (nothing listening): every call is answered in-process, counted, never thrown', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const before = { cache: await fallbacks('cache'), pubsub: await fallbacks('pubsub'), ratelimit: await fallbacks('ratelimit') };
    const cache = await openCache({ redisUrl: url, prefix: prefix() });
    const bus = await openPubSub({ redisUrl: url, prefix: prefix() });
    const limits = await openRateLimits({ redisUrl: url, prefix: prefix() });
    try {
      await cache.set('k', 'v', 60_000);
      expect(await cache.get('k')).toBe('v');
      const got: string[] = [];
      await bus.subscribe('c', (m) => got.push(m));
      await bus.publish('c', 'local');
      await until('the message', () => got.length === 1, { timeoutMs: 2_000 });
      expect(got).toEqual(['local']);
      expect((await limits.hit('ip', 1, 60_000, 0)).allowed).toBe(true);
      expect((await limits.hit('ip', 1, 60_000, 1)).allowed).toBe(false);
      expect(await fallbacks('cache')).toBeGreaterThanOrEqual(before.cache + 2);
      expect(await fallbacks('pubsub')).toBeGreaterThanOrEqual(before.pubsub + 2);
      expect(await fallbacks('ratelimit')).toBeGreaterThanOrEqual(before.ratelimit + 2);
      // refused input is still refused, not swallowed by the fallback
      await expect(cache.set('', 'v', 10)).rejects.toThrow(/key/);
    } finally {
      await cache.close();
      await bus.close();
      await limits.close();
    }
  }, 20_000);

  describe.runIf(hasRedisServer)('at run time (a redis-server killed mid-use, then restarted)', () => {
    let server: ChildProcess | undefined;
    afterAll(async () => {
      if (server) await stopProcess(server);
    });

    it('degrades to memory while it is down and goes back to Redis when it returns', async () => {
      const port = await freePort();
      server = await startRedisServer(port);
      const url = `redis://127.0.0.1:${port}`;
      const ns = prefix();
      const cache = await openCache({ redisUrl: url, prefix: ns });
      const limits = await openRateLimits({ redisUrl: url, prefix: ns });
      const bus = await openPubSub({ redisUrl: url, prefix: ns });
      const got: string[] = [];
      await bus.subscribe('dash', (m) => got.push(m));
      try {
        await cache.set('a', 'in-redis', 60_000);
        const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
        probe.on('error', () => {});
        await probe.connect();
        expect(await probe.get(`${ns}cache:a`)).toBe('in-redis');
        probe.disconnect();

        const before = await fallbacks('cache');
        await stopProcess(server, 'SIGKILL');
        // the first call may still find the socket open; within a moment every call goes to memory
        await cache.set('b', 'in-memory', 60_000);
        expect(await cache.get('b')).toBe('in-memory');
        expect(await cache.get('a')).toBeNull(); // a miss, not an error
        expect((await limits.hit('ip', 5, 60_000, 0)).allowed).toBe(true);
        await bus.publish('dash', 'during-outage');
        await until('the in-process message during the outage', () => got.includes('during-outage'), { timeoutMs: 2_000 });
        expect(await fallbacks('cache')).toBeGreaterThan(before);

        server = await startRedisServer(port);
        await until('writes to reach the restarted Redis', async () => {
          await cache.set('c', 'back', 60_000);
          const check = new Redis(url, { maxRetriesPerRequest: 0 });
          check.on('error', () => {});
          try {
            return (await check.get(`${ns}cache:c`)) === 'back';
          } finally {
            check.disconnect();
          }
        }, { timeoutMs: 15_000, stepMs: 200 });
        // the subscription is restored too: a message published by another connection arrives
        const other = new Redis(url);
        await until('the subscription to be restored', async () => {
          await other.publish(`${ns}ps:dash`, 'after-restart');
          return got.includes('after-restart');
        }, { timeoutMs: 10_000, stepMs: 200 });
        other.disconnect();
      } finally {
        await cache.close();
        await limits.close();
        await bus.close();
      }
    }, 60_000);
  });
});
