import { MemoryCache } from '../memory/MemoryCache.ts';
import { MemoryPubSub } from '../memory/MemoryPubSub.ts';
import { MemoryRateLimitStore } from '../memory/MemoryRateLimitStore.ts';
import type { Cache, PubSub, RateLimitStore } from '../types.ts';
import type { Closable } from './fallback.ts';

export interface OpenRedisOptions {
  /** without it, the in-process store is returned (the environment is read at the edge: app/config.ts) */
  redisUrl?: string;
  /** namespace for every key and channel (tests use one each). Default `midgard:` */
  prefix?: string;
}

function resolve(options: OpenRedisOptions): { url: string | undefined; prefix: string } {
  return { url: options.redisUrl || undefined, prefix: options.prefix ?? 'midgard:' };
}

/** ioredis and the Redis stores load only when a Redis is configured: most starts never need them. */
const redisModules = async () => {
  const [client, fallback, cache, pubsub, limits] = await Promise.all([
    import('./client.ts'),
    import('./fallback.ts'),
    import('./RedisCache.ts'),
    import('./RedisPubSub.ts'),
    import('./RedisRateLimitStore.ts'),
  ]);
  return { ...client, ...fallback, ...cache, ...pubsub, ...limits };
};

const closeNothing = async () => {};

/**
 * The L2 cache: Redis (degrading to memory when it fails) when `redisUrl` is given, memory otherwise.
 *
 * @example
 * const cache = await openCache({ redisUrl: 'redis://127.0.0.1:6379' }); // waits up to 2 s, then carries on degraded
 * await cache.set('llm:key', reply, 60 * 60 * 1000);
 * await cache.close();
 */
export async function openCache(options: OpenRedisOptions = {}): Promise<Cache & Closable> {
  const { url, prefix } = resolve(options);
  if (!url) return Object.assign(new MemoryCache(), { close: closeNothing });
  const { createRedisClient, waitUntilReady, FallbackCache, RedisCache } = await redisModules();
  const client = createRedisClient(url, 'cache');
  await waitUntilReady(client, 'cache');
  return new FallbackCache(new RedisCache(client, `${prefix}cache:`), new MemoryCache());
}

/** Pub/sub for live dashboard updates: Redis fan-out across processes, or in-process. */
export async function openPubSub(options: OpenRedisOptions = {}): Promise<PubSub & Closable> {
  const { url, prefix } = resolve(options);
  if (!url) return Object.assign(new MemoryPubSub(), { close: closeNothing });
  const { createRedisClient, waitUntilReady, FallbackPubSub, RedisPubSub } = await redisModules();
  const redis = new RedisPubSub(createRedisClient(url, 'pubsub'), `${prefix}ps:`);
  if (await waitUntilReady(redis.publisher, 'pubsub')) await waitUntilReady(redis.subscriber, 'pubsub-subscriber');
  return new FallbackPubSub(redis, new MemoryPubSub());
}

/** The rate-limit store: shared through Redis, or per process. */
export async function openRateLimits(options: OpenRedisOptions = {}): Promise<RateLimitStore & Closable> {
  const { url, prefix } = resolve(options);
  if (!url) return Object.assign(new MemoryRateLimitStore(), { close: closeNothing });
  const { createRedisClient, waitUntilReady, FallbackRateLimitStore, RedisRateLimitStore } = await redisModules();
  const client = createRedisClient(url, 'ratelimit');
  await waitUntilReady(client, 'ratelimit');
  return new FallbackRateLimitStore(new RedisRateLimitStore(client, `${prefix}rl:`), new MemoryRateLimitStore());
}
