import type { MiddlewareHandler } from 'hono';
import { log } from '../../../runtime/log.ts';
import { errorBody } from '../../errors.ts';
import type { GatewayEnv } from '../../types.ts';

export interface AuthFailureLimitOptions {
  /** failed authentications (401) one address may make per window before it is refused (default 20) */
  limit?: number;
  windowMs?: number;
  now?: () => number;
  /** addresses remembered at most (oldest forgotten first): a flood of spoofed sources cannot grow memory */
  maxAddresses?: number;
}

interface Window {
  failures: number;
  resetAt: number;
}

/**
 * Guessing keys or tokens is slow: each address may fail authentication `limit` times per window; after that
 * every request from it is refused with 429 and `Retry-After` — before any key is compared — until the
 * window ends. Counted per process, in memory (a guesser is cut off in milliseconds; no store round trip per
 * request). Successful requests never count.
 *
 * @example
 * app.use('/api/*', authFailureLimit());
 */
export function authFailureLimit(options: AuthFailureLimitOptions = {}): MiddlewareHandler<GatewayEnv> {
  const limit = options.limit ?? 20;
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const maxAddresses = options.maxAddresses ?? 10_000;
  const windows = new Map<string, Window>();

  return async function authFailureLimitMiddleware(c, next) {
    const address = c.var.clientAddress;
    if (address === null) return next(); // no socket: an in-process call (tests, tools), nobody to slow down
    const t = now();
    const current = windows.get(address);
    if (current && current.resetAt > t && current.failures >= limit) {
      const retryAfter = Math.max(1, Math.ceil((current.resetAt - t) / 1000));
      return c.json(errorBody('rate_limited', `too many failed authentications from this address; retry in ${retryAfter} s`), 429, { 'Retry-After': String(retryAfter) });
    }
    await next();
    if (c.res.status !== 401) return;
    let window = windows.get(address);
    if (!window || window.resetAt <= t) {
      windows.delete(address); // re-inserted last: the map's order stays oldest-first
      window = { failures: 0, resetAt: t + windowMs };
      windows.set(address, window);
      if (windows.size > maxAddresses) windows.delete(windows.keys().next().value!);
    }
    window.failures++;
    if (window.failures === limit) {
      log.warn({ address, failures: window.failures, blockedForMs: window.resetAt - t }, 'too many failed authentications; address refused until its window ends');
    }
  };
}
