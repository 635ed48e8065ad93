import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
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
  /** credentials remembered as proven per address (default 8): what may still pass while it is blocked */
  maxProvenPerAddress?: number;
}

/**
 * What a request authenticates with, as a digest (never the secret itself): its `X-API-Key` and
 * `Authorization` headers. A request with neither (a trusted-address bridge) has a fingerprint too.
 */
function credentialFingerprint(c: Context<GatewayEnv>): string {
  const key = c.req.header('x-api-key') ?? '';
  const authorization = c.req.header('authorization') ?? '';
  return createHash('sha256').update(`${key.length}:${key}|${authorization}`, 'utf8').digest('base64');
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
 * A legitimate bridge behind the same address as a guesser (one NAT, one host) keeps working: credentials
 * that authenticated from an address (a principal was set) are remembered for it as a digest, and while the
 * address is blocked a request whose credentials are one of those passes on to the normal checks; every other
 * request gets the same 429 at once. Only credentials already proven from that address get through, so a
 * blocked guesser learns nothing: the right key it guesses now is refused exactly like a wrong one, and
 * guessing stays at `limit` tries per window. (A credential first used after the block — a new token —
 * waits for the window like everything else.)
 *
 * @example
 * app.use('/api/*', authFailureLimit());
 */
export function authFailureLimit(options: AuthFailureLimitOptions = {}): MiddlewareHandler<GatewayEnv> {
  const limit = options.limit ?? 20;
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const maxAddresses = options.maxAddresses ?? 10_000;
  const maxProven = options.maxProvenPerAddress ?? 8;
  const windows = new Map<string, Window>();
  /** per address, digests of credentials that authenticated from it (oldest addresses forgotten first) */
  const proven = new Map<string, Set<string>>();

  const remember = (address: string, fingerprint: string) => {
    let set = proven.get(address);
    if (set?.has(fingerprint)) return;
    if (!set) {
      proven.set(address, (set = new Set()));
      if (proven.size > maxAddresses) proven.delete(proven.keys().next().value!);
    }
    if (set.size >= maxProven) set.delete(set.values().next().value!);
    set.add(fingerprint);
  };

  return async function authFailureLimitMiddleware(c, next) {
    const address = c.var.clientAddress;
    if (address === null) return next(); // no socket: an in-process call (tests, tools), nobody to slow down
    const t = now();
    const current = windows.get(address);
    const fingerprint = credentialFingerprint(c);
    if (current && current.resetAt > t && current.failures >= limit && !proven.get(address)?.has(fingerprint)) {
      const retryAfter = Math.max(1, Math.ceil((current.resetAt - t) / 1000));
      return c.json(errorBody('rate_limited', `too many failed authentications from this address; retry in ${retryAfter} s`), 429, { 'Retry-After': String(retryAfter) });
    }
    await next();
    if (c.var.principal && c.res.status !== 401) remember(address, fingerprint);
    if (c.res.status !== 401) return;
    proven.get(address)?.delete(fingerprint); // revoked or expired since: it no longer opens a block
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
