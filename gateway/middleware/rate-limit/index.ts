import type { Context, MiddlewareHandler } from 'hono';
import type { RateLimitStore } from '../../../persistence/types.ts';
import { log } from '../../../runtime/log.ts';
import { ApiError } from '../../errors.ts';
import type { GatewayEnv } from '../../types.ts';

export interface RateLimitOptions {
  store: RateLimitStore;
  /** name of the limit, part of the store key (`public`, `admin`, …) */
  name: string;
  /** who is counted; null skips the limit for this request */
  key(c: Context<GatewayEnv>): string | null;
  /** read per request so a superadmin's config change applies at once */
  limit(): number;
  windowMs: number;
  now(): number;
}

/**
 * Count one hit per request in a fixed window through the RateLimitStore (Redis-backed when configured);
 * past the limit answer 429 with `Retry-After` in whole seconds. A store failure lets the request through
 * (logged): a limit protects the service, it must not become the outage.
 *
 * @example
 * app.use('/api/v1/admin/*', rateLimit({ store, name: 'admin', key: (c) => c.var.principal.sub,
 *   limit: () => 50, windowMs: 60_000, now: Date.now }));
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<GatewayEnv> {
  return async function rateLimitMiddleware(c, next) {
    const who = options.key(c);
    if (who === null) return next();
    const verdict = await checkLimit(options.store, `${options.name}:${who}`, options.limit(), options.windowMs, options.now());
    if (verdict) {
      c.header('X-RateLimit-Limit', String(options.limit()));
      c.header('X-RateLimit-Remaining', String(verdict.remaining));
      if (!verdict.allowed) {
        throw new ApiError(429, 'rate_limited', `${options.name} rate limit of ${options.limit()} per ${options.windowMs / 1000}s reached`, {
          'Retry-After': String(verdict.retryAfterSeconds),
        });
      }
    }
    await next();
  };
}

/** One hit; null when the store failed (fail open). */
export async function checkLimit(
  store: RateLimitStore,
  key: string,
  limit: number,
  windowMs: number,
  now: number,
): Promise<{ allowed: boolean; remaining: number; retryAfterSeconds: number } | null> {
  try {
    const r = await store.hit(key, limit, windowMs, now);
    return { allowed: r.allowed, remaining: r.remaining, retryAfterSeconds: Math.max(1, Math.ceil((r.resetAt - now) / 1000)) };
  } catch (err) {
    log.warn({ err, key }, 'rate-limit store failed; request allowed');
    return null;
  }
}
