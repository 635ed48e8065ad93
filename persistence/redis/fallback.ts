import { closeRedisClient } from './client.ts';
import { Degradation } from './Degradation.ts';
import type { RedisCache } from './RedisCache.ts';
import type { RedisPubSub } from './RedisPubSub.ts';
import type { RedisRateLimitStore } from './RedisRateLimitStore.ts';
import type { MemoryCache } from '../memory/MemoryCache.ts';
import type { MemoryPubSub } from '../memory/MemoryPubSub.ts';
import type { MemoryRateLimitStore } from '../memory/MemoryRateLimitStore.ts';
import type { Cache, PubSub, RateLimitStore } from '../types.ts';

/** Everything `open*` returns can be closed; memory stores close as a no-op. */
export interface Closable {
  close(): Promise<void>;
}

/**
 * Redis first, this process's memory when Redis fails. A cache miss is always safe, so during an outage the
 * cache simply starts cold in memory; when Redis returns, it is used again.
 */
export class FallbackCache implements Cache, Closable {
  readonly degradation = new Degradation('cache');

  constructor(
    private readonly redis: RedisCache,
    private readonly memory: MemoryCache,
  ) {}

  get(key: string): Promise<string | null> {
    return this.degradation.run('get', () => this.redis.get(key), () => this.memory.get(key));
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    return this.degradation.run('set', () => this.redis.set(key, value, ttlMs), () => this.memory.set(key, value, ttlMs));
  }

  async del(key: string): Promise<void> {
    // both: a value written to memory during an outage must not outlive a delete made after it
    await this.memory.del(key);
    await this.degradation.run('del', () => this.redis.del(key), async () => {});
  }

  close(): Promise<void> {
    return closeRedisClient(this.redis.client);
  }
}

/**
 * Fan-out through Redis; while Redis is away, messages reach this process's subscribers only. Every
 * subscriber is registered on both paths, and each message takes exactly one, so nobody gets it twice.
 */
export class FallbackPubSub implements PubSub, Closable {
  readonly degradation = new Degradation('pubsub');

  constructor(
    private readonly redis: RedisPubSub,
    private readonly memory: MemoryPubSub,
  ) {}

  publish(channel: string, message: string): Promise<void> {
    return this.degradation.run('publish', () => this.redis.publish(channel, message), () => this.memory.publish(channel, message));
  }

  async subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>> {
    const offMemory = await this.memory.subscribe(channel, onMessage);
    const { off: offRedis, subscribed } = this.redis.listen(channel, onMessage);
    try {
      await subscribed;
    } catch (err) {
      // kept registered: RedisPubSub subscribes it again once the connection is back
      this.degradation.failed('subscribe', err);
    }
    return async () => {
      await offMemory();
      await offRedis();
    };
  }

  async close(): Promise<void> {
    await closeRedisClient(this.redis.subscriber);
    await closeRedisClient(this.redis.publisher);
  }
}

/**
 * Shared limits through Redis; per-process limits while it is away (each process then allows up to `limit`
 * on its own — looser, never a refused game request because a dependency is down).
 */
export class FallbackRateLimitStore implements RateLimitStore, Closable {
  readonly degradation = new Degradation('ratelimit');

  constructor(
    private readonly redis: RedisRateLimitStore,
    private readonly memory: MemoryRateLimitStore,
  ) {}

  hit(key: string, limit: number, windowMs: number, now: number) {
    return this.degradation.run('hit', () => this.redis.hit(key, limit, windowMs, now), () => this.memory.hit(key, limit, windowMs, now));
  }

  close(): Promise<void> {
    return closeRedisClient(this.redis.client);
  }
}
