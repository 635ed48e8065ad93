import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { GatewayConfig } from '../../config.ts';
import { ApiError } from '../../errors.ts';
import type { GatewayEnv } from '../../types.ts';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * True when `given` equals one of `keys`, in time independent of where they differ: both sides are hashed to
 * equal length first (timingSafeEqual needs it) and every key is compared, with no early exit.
 *
 * @example
 * keyMatches('k2', ['k1', 'k2']); // true
 */
export function keyMatches(given: string, keys: readonly string[]): boolean {
  const g = digest(given);
  let found = false;
  for (const key of keys) found = timingSafeEqual(g, digest(key)) || found;
  return found;
}

/**
 * The bridge API's door: a configured `X-API-Key`, or — for the original rAthena bridge, which sends no
 * header — a peer address in `MIDGARD_TRUSTED_BRIDGES` (empty by default, so key-less calls are refused).
 *
 * @example
 * app.use('/api/v1/events/*', bridgeAuth(config));
 */
export function bridgeAuth(config: Pick<GatewayConfig, 'apiKeys' | 'trustedBridges'>): MiddlewareHandler<GatewayEnv> {
  return async function bridgeAuthMiddleware(c, next) {
    const key = c.req.header('x-api-key');
    if (key !== undefined) {
      if (!keyMatches(key, config.apiKeys)) throw new ApiError(401, 'unauthorized', 'unknown API key');
      c.set('principal', { kind: 'bridge', sub: `bridge-key:${digest(key).toString('hex').slice(0, 8)}`, role: null, via: 'api-key' });
      return next();
    }
    const address = c.var.clientAddress;
    if (address !== null && config.trustedBridges.includes(address)) {
      c.set('principal', { kind: 'bridge', sub: `bridge:${address}`, role: null, via: 'trusted-address' });
      return next();
    }
    throw new ApiError(401, 'unauthorized', 'X-API-Key required (or call from a trusted bridge address)');
  };
}
