import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { DecisionCache } from '../../ai/DecisionCache.ts';
import type { AiRequest } from '../../ai/types.ts';
import { MemoryCache } from '../../persistence/memory/MemoryCache.ts';
import type { Cache } from '../../persistence/types.ts';

/**
 * The decision cache's L2 through the shared `Cache` interface: the in-process MemoryCache always, and real
 * Redis when REDIS_URL is set (CI), under a prefix unique to this run. The Redis adapter here is a tiny in-test
 * stand-in until persistence/ ships its own.
 */

class TinyRedisCache implements Cache {
  constructor(private readonly redis: Redis) {}
  get(key: string) {
    return this.redis.get(key);
  }
  async set(key: string, value: string, ttlMs: number) {
    await this.redis.set(key, value, 'PX', ttlMs);
  }
  async del(key: string) {
    await this.redis.del(key);
  }
}

const redis = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 }) : null;
const prefix = `test:ai:${randomUUID()}:`;
afterAll(async () => {
  if (!redis) return;
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

const backends: [string, () => Cache][] = [['MemoryCache', () => new MemoryCache()]];
if (redis) backends.push(['Redis', () => new TinyRedisCache(redis)]);

const request: AiRequest = { requestId: 'r', actorId: 'npc:1', purpose: 'dialogue', facts: { weather: 'rain', map: 'payon' } };

describe.each(backends)('decision cache L2 on %s', (_name, makeL2) => {
  it('lets a second process find an answer the first one stored, with the 1 h TTL', async () => {
    const l2 = makeL2();
    const first = new DecisionCache({ l2, prefix });
    const second = new DecisionCache({ l2, prefix });
    expect(await second.lookup(request)).toBeNull();
    await first.store(request, { text: 'Rainy day in Payon.' }, 'anthropic');
    expect(await second.lookup({ ...request, actorId: 'npc:2', facts: { map: 'Payon', weather: 'RAIN' } })).toEqual({
      answer: { text: 'Rainy day in Payon.' }, provider: 'anthropic', match: 'exact', score: 1,
    });
    if (redis && l2 instanceof TinyRedisCache) {
      const [key] = await redis.keys(`${prefix}*`);
      const ttl = await redis.pttl(key!);
      expect(ttl).toBeGreaterThan(59 * 60 * 1000);
      expect(ttl).toBeLessThanOrEqual(60 * 60 * 1000);
    }
  });
});
