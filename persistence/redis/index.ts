/** Redis-backed cache, pub/sub and rate limits, each degrading to its in-process twin when Redis fails. */
export { openCache, openPubSub, openRateLimits, type OpenRedisOptions } from './open.ts';
export { FallbackCache, FallbackPubSub, FallbackRateLimitStore, type Closable } from './fallback.ts';
export { RedisCache } from './RedisCache.ts';
export { RedisPubSub } from './RedisPubSub.ts';
export { RedisRateLimitStore } from './RedisRateLimitStore.ts';
export { redisFallbacks } from './Degradation.ts';
