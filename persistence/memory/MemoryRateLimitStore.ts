import type { RateLimitStore } from '../types.ts';
import { InvalidRecordError } from '../validate.ts';

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  resetAt: number;
}

/** The window arithmetic shared with the Redis store, so both agree on where windows start. */
export function windowOf(now: number, windowMs: number): { start: number; resetAt: number } {
  const start = Math.floor(now / windowMs) * windowMs;
  return { start, resetAt: start + windowMs };
}

export function assertHitArgs(key: string, limit: number, windowMs: number, now: number): void {
  if (typeof key !== 'string' || key.length === 0) throw new InvalidRecordError('rate-limit key must be a non-empty string');
  if (!Number.isSafeInteger(limit) || limit < 0) throw new InvalidRecordError(`limit must be an integer ≥ 0, got ${limit}`);
  if (!Number.isSafeInteger(windowMs) || windowMs < 1) throw new InvalidRecordError(`windowMs must be an integer ≥ 1, got ${windowMs}`);
  if (!Number.isSafeInteger(now) || now < 0) throw new InvalidRecordError(`now must be an epoch ms integer, got ${now}`);
}

/**
 * Fixed-window rate limits in process memory: windows are aligned to multiples of `windowMs`, every hit in a
 * window counts (refused ones too, so hammering does not earn a reset), and `allowed` is false once the
 * count passes `limit`.
 *
 * @example
 * const limits = new MemoryRateLimitStore();
 * await limits.hit('ip:1.2.3.4', 100, 60_000, Date.now()); // { allowed: true, remaining: 99, resetAt }
 */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly #windows = new Map<string, { start: number; windowMs: number; count: number }>();

  async hit(key: string, limit: number, windowMs: number, now: number): Promise<RateLimitResult> {
    assertHitArgs(key, limit, windowMs, now);
    const { start, resetAt } = windowOf(now, windowMs);
    let window = this.#windows.get(key);
    if (!window || window.start !== start || window.windowMs !== windowMs) {
      window = { start, windowMs, count: 0 };
      this.#windows.set(key, window);
      if (this.#windows.size % 10_000 === 0) this.#sweep(now);
    }
    window.count++;
    return { allowed: window.count <= limit, remaining: Math.max(0, limit - window.count), resetAt };
  }

  /** Keys tracked (tests, leak checks). */
  get size(): number {
    return this.#windows.size;
  }

  // many distinct keys (one per client IP) would otherwise accumulate forever
  #sweep(now: number): void {
    for (const [key, w] of this.#windows) if (w.start + w.windowMs <= now) this.#windows.delete(key);
  }
}
