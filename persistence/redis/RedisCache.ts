import type { Redis } from 'ioredis';
import { assertCacheSet } from '../memory/MemoryCache.ts';
import type { Cache } from '../types.ts';

/**
 * The L2 cache in Redis (LLM replies, 1 h TTL): `SET key value PX ttl`, every key under `prefix`. Errors
 * propagate: wrap it in `FallbackCache` (what `openCache` does) to survive Redis going away.
 *
 * @example
 * const cache = new RedisCache(createRedisClient(url, 'cache'), 'midgard:cache:');
 * await cache.set('llm:9f2c', reply, 3_600_000);
 */
export class RedisCache implements Cache {
  constructor(
    readonly client: Redis,
    private readonly prefix: string,
  ) {}

  async get(key: string): Promise<string | null> {
    return this.client.get(this.prefix + key);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    assertCacheSet(key, value, ttlMs);
    await this.client.set(this.prefix + key, value, 'PX', ttlMs);
  }

  async del(key: string): Promise<void> {
    await this.client.del(this.prefix + key);
  }
}
