import type { Cache } from '../types.ts';
import { InvalidRecordError } from '../validate.ts';

export interface MemoryCacheOptions {
  /** injectable so TTL expiry is testable without waiting */
  clock?: () => number;
  /** entries kept at most; the oldest-written go first (a bound, not an LRU) */
  maxEntries?: number;
}

/**
 * In-process L2 cache with a TTL per entry: what Midgard uses when no Redis is configured, or while Redis is
 * unreachable. Expired entries are dropped when read and swept when the cache is full.
 *
 * @example
 * const cache = new MemoryCache();
 * await cache.set('llm:abc', reply, 60 * 60 * 1000);
 * await cache.get('llm:abc'); // reply, for an hour
 */
export class MemoryCache implements Cache {
  readonly #entries = new Map<string, { value: string; expiresAt: number }>();
  readonly #clock: () => number;
  readonly #maxEntries: number;

  constructor(options: MemoryCacheOptions = {}) {
    this.#clock = options.clock ?? Date.now;
    this.#maxEntries = options.maxEntries ?? 100_000;
  }

  async get(key: string): Promise<string | null> {
    const entry = this.#entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.#clock()) {
      this.#entries.delete(key);
      return null;
    }
    return entry.value;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    assertCacheSet(key, value, ttlMs);
    this.#entries.delete(key); // re-insert so Map order stays write order
    this.#entries.set(key, { value, expiresAt: this.#clock() + ttlMs });
    if (this.#entries.size > this.#maxEntries) this.#evict();
  }

  async del(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }

  #evict(): void {
    const now = this.#clock();
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(key);
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(key);
    }
  }
}

/** Shared with the Redis cache: both refuse the same arguments, before anything is written. */
export function assertCacheSet(key: string, value: string, ttlMs: number): void {
  if (typeof key !== 'string' || key.length === 0) throw new InvalidRecordError('cache key must be a non-empty string');
  if (typeof value !== 'string') throw new InvalidRecordError('cache value must be a string');
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 1) throw new InvalidRecordError(`ttlMs must be an integer ≥ 1, got ${ttlMs}`);
}
