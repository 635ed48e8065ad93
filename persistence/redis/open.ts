import { MemoryCache } from '../memory/MemoryCache.ts';
import { MemoryPubSub } from '../memory/MemoryPubSub.ts';
import { MemoryRateLimitStore } from '../memory/MemoryRateLimitStore.ts';
import type { Cache, PubSub, RateLimitStore } from '../types.ts';
import { createRedisClient, waitUntilReady } from './client.ts';
import { FallbackCache, FallbackPubSub, FallbackRateLimitStore, type Closable } from './fallback.ts';
import { RedisCache } from './RedisCache.ts';
import { RedisPubSub } from './RedisPubSub.ts';
import { RedisRateLimitStore } from './RedisRateLimitStore.ts';

export interface OpenRedisOptions {
  /** defaults to REDIS_URL; without either, the in-process store is returned */
  redisUrl?: string;
  /** namespace for every key and channel (tests use one each). Default `midgard:` */
  prefix?: string;
}

function resolve(options: OpenRedisOptions): { url: string | undefined; prefix: string } {
  const url = options.redisUrl ?? (process.env.REDIS_URL || undefined);
  const prefix = options.prefix ?? 'midgard:';
  return { url, prefix };
}

const closeNothing = async () => {};

/**
 * The L2 cache: Redis (degrading to memory when it fails) when REDIS_URL is set, memory otherwise.
 *
 * @example
 * const cache = await openCache();            // waits up to 2 s for Redis, then carries on degraded
 * await cache.set('llm:key', reply, 60 * 60 * 1000);
 * await cache.close();
 */
export async function openCache(options: OpenRedisOptions = {}): Promise<Cache & Closable> {
  const { url, prefix } = resolve(options);
  if (!url) return Object.assign(new MemoryCache(), { close: closeNothing });
  const client = createRedisClient(url, 'cache');
  await waitUntilReady(client, 'cache');
  return new FallbackCache(new RedisCache(client, `${prefix}cache:`), new MemoryCache());
}

/** Pub/sub for live dashboard updates: Redis fan-out across processes, or in-process. */
export async function openPubSub(options: OpenRedisOptions = {}): Promise<PubSub & Closable> {
  const { url, prefix } = resolve(options);
  if (!url) return Object.assign(new MemoryPubSub(), { close: closeNothing });
  const redis = new RedisPubSub(createRedisClient(url, 'pubsub'), `${prefix}ps:`);
  if (await waitUntilReady(redis.publisher, 'pubsub')) await waitUntilReady(redis.subscriber, 'pubsub-subscriber');
  return new FallbackPubSub(redis, new MemoryPubSub());
}

/** The rate-limit store: shared through Redis, or per process. */
export async function openRateLimits(options: OpenRedisOptions = {}): Promise<RateLimitStore & Closable> {
  const { url, prefix } = resolve(options);
  if (!url) return Object.assign(new MemoryRateLimitStore(), { close: closeNothing });
  const client = createRedisClient(url, 'ratelimit');
  await waitUntilReady(client, 'ratelimit');
  return new FallbackRateLimitStore(new RedisRateLimitStore(client, `${prefix}rl:`), new MemoryRateLimitStore());
}
