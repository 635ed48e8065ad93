import type { Redis } from 'ioredis';
import { assertHitArgs, windowOf, type RateLimitResult } from '../memory/MemoryRateLimitStore.ts';
import type { RateLimitStore } from '../types.ts';

// INCR and PEXPIRE in one atomic step: a crash between the two would otherwise leave a counter that never
// expires. The key names its window, so expiry is only cleanup; a second of slack covers clock skew.
const HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

type WithHit = Redis & { midgardRateHit(key: string, ttlMs: number): Promise<number> };

/**
 * Fixed-window rate limits shared by every Midgard process through Redis: one key per client key and window
 * (`<prefix><key>:<windowStart>`), counted by a Lua script. Same window arithmetic as the memory store.
 *
 * @example
 * const limits = new RedisRateLimitStore(createRedisClient(url, 'ratelimit'), 'midgard:rl:');
 * const { allowed } = await limits.hit(`ip:${ip}`, 100, 60_000, Date.now());
 */
export class RedisRateLimitStore implements RateLimitStore {
  readonly #client: WithHit;

  constructor(
    readonly client: Redis,
    private readonly prefix: string,
  ) {
    if (!('midgardRateHit' in client)) client.defineCommand('midgardRateHit', { numberOfKeys: 1, lua: HIT });
    this.#client = client as WithHit;
  }

  async hit(key: string, limit: number, windowMs: number, now: number): Promise<RateLimitResult> {
    assertHitArgs(key, limit, windowMs, now);
    const { start, resetAt } = windowOf(now, windowMs);
    const count = Number(await this.#client.midgardRateHit(`${this.prefix}${key}:${start}`, windowMs + 1_000));
    return { allowed: count <= limit, remaining: Math.max(0, limit - count), resetAt };
  }
}
