import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { verify } from 'hono/jwt';
import { z } from 'zod';
import type { GatewayConfig } from '../../config.ts';
import { ApiError } from '../../errors.ts';
import { ROLES, roleAtLeast, type GatewayEnv, type Role } from '../../types.ts';
import { keyMatches } from '../bridge-auth/index.ts';

/** The longest an admin token may live: one that never expires (or in a year) is a password that cannot be changed. */
export const MAX_TOKEN_LIFETIME_S = 24 * 3600;

const claimsSchema = z.object({ sub: z.string().min(1).max(200), role: z.enum(ROLES), exp: z.number().int(), iat: z.number().int().optional() });

/**
 * Who may use the admin API: a JWT bearer token (HS256, `MIDGARD_JWT_SECRET`, claims `sub`, `role` and
 * `exp` — required, at most MAX_TOKEN_LIFETIME_S ahead of now and of `iat`) or, for service-to-service calls, an `X-API-Key` from `MIDGARD_ADMIN_API_KEYS` (acts as `admin`;
 * bridge keys are not admin keys).
 *
 * @example
 * app.use('/api/v1/admin/*', adminAuth(config));
 */
export function adminAuth(config: Pick<GatewayConfig, 'jwtSecret' | 'adminApiKeys'>): MiddlewareHandler<GatewayEnv> {
  return async function adminAuthMiddleware(c, next) {
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) throw new ApiError(401, 'unauthorized', 'Authorization must be "Bearer <token>"');
      if (config.jwtSecret === null) throw new ApiError(401, 'unauthorized', 'bearer tokens are not enabled (no MIDGARD_JWT_SECRET)');
      let payload: unknown;
      try {
        payload = await verify(match[1]!, config.jwtSecret, 'HS256');
      } catch (err) {
        throw new ApiError(401, 'unauthorized', `invalid token: ${(err as Error).name}`);
      }
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) throw new ApiError(401, 'unauthorized', 'token lacks a valid sub/role/exp');
      const nowS = Math.floor(Date.now() / 1000);
      const { exp, iat } = claims.data;
      if (exp - nowS > MAX_TOKEN_LIFETIME_S || (iat !== undefined && exp - iat > MAX_TOKEN_LIFETIME_S)) {
        throw new ApiError(401, 'unauthorized', `token lifetime exceeds ${MAX_TOKEN_LIFETIME_S} s; mint a shorter one`);
      }
      c.set('principal', { kind: 'admin', sub: claims.data.sub, role: claims.data.role, via: 'jwt' });
      return next();
    }
    const key = c.req.header('x-api-key');
    if (key !== undefined && config.adminApiKeys.length > 0 && keyMatches(key, config.adminApiKeys)) {
      const sub = `service:${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
      c.set('principal', { kind: 'admin', sub, role: 'admin', via: 'api-key' });
      return next();
    }
    throw new ApiError(401, 'unauthorized', key === undefined ? 'bearer token required' : 'unknown admin API key');
  };
}

/**
 * Refuse (403) callers below `needed` in player < gm < admin < superadmin.
 *
 * @example
 * route.post('/world/speed', requireRole('admin'), handler);
 */
export function requireRole(needed: Role): MiddlewareHandler<GatewayEnv> {
  return async function requireRoleMiddleware(c, next) {
    const principal = c.var.principal;
    if (!principal || !roleAtLeast(principal.role, needed)) {
      throw new ApiError(403, 'forbidden', `role '${needed}' or higher required`);
    }
    await next();
  };
}
