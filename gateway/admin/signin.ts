import { createHmac, randomUUID } from 'node:crypto';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { sign, verify } from 'hono/jwt';
import type { GatewayConfig } from '../config.ts';
import { ApiError, validationHook } from '../errors.ts';
import { ROLES, type GatewayEnv, type Role } from '../types.ts';
import { adminErrorSchema, json } from './schema.ts';

/** Where the dashboard trades a sign-in ticket for a session token. Outside `/api/v1/admin/*`: no token yet. */
export const SIGNIN_PATH = '/api/v1/signin';
/** How long a printed sign-in link stays usable. */
export const TICKET_TTL_SECONDS = 15 * 60;
/** How long the session token it buys lasts. */
export const SESSION_TTL_SECONDS = 12 * 3600;

const LOOPBACK = new Set(['127.0.0.1', '::1']);

/**
 * Tickets are signed with a key derived from the JWT secret, never with the secret itself, so a ticket can never
 * pass as a bearer token: it only buys one through `POST /api/v1/signin`, once, from this machine.
 */
const ticketKey = (secret: string) => createHmac('sha256', secret).update('midgard sign-in ticket').digest('base64url');

const ticketClaims = z.object({ purpose: z.literal('signin'), jti: z.string().min(8), as: z.object({ sub: z.string().min(1).max(200), role: z.enum(ROLES) }) });

/**
 * A one-time sign-in ticket for the link printed in the start-up banner.
 *
 * @example
 * const ticket = await mintSignInTicket(secret, { sub: 'local-admin', role: 'superadmin' });
 * console.error(`${url}/#/signin?ticket=${ticket}`);
 */
export async function mintSignInTicket(secret: string, as: { sub: string; role: Role }, nowMs = Date.now()): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return sign({ purpose: 'signin', jti: randomUUID(), as, iat, exp: iat + TICKET_TTL_SECONDS }, ticketKey(secret), 'HS256');
}

/** The session JWT the gateway's admin auth accepts (the same claims `midgard token` mints). */
export async function mintSessionToken(secret: string, as: { sub: string; role: Role }, nowMs = Date.now(), ttlSeconds = SESSION_TTL_SECONDS): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return sign({ sub: as.sub, role: as.role, iat, exp: iat + ttlSeconds }, secret, 'HS256');
}

const signInBody = z.strictObject({ ticket: z.string().min(10).max(4096) }).openapi('SignIn');
const signInReply = z.object({ token: z.string(), sub: z.string(), role: z.enum(ROLES), expiresIn: z.number() }).openapi('SignedIn');

/**
 * `POST /api/v1/signin {ticket}` → `{token}`: only from a loopback address, only once per ticket, only while
 * the gateway has a JWT secret. Used tickets are remembered until they expire (bounded by the printing rate).
 */
export function signInRoutes(config: Pick<GatewayConfig, 'jwtSecret'>, now: () => number = Date.now): OpenAPIHono<GatewayEnv> {
  const app = new OpenAPIHono<GatewayEnv>({ defaultHook: validationHook });
  const used = new Map<string, number>(); // jti → expiry (s)
  app.openapi(
    createRoute({
      method: 'post', path: SIGNIN_PATH, tags: ['admin'],
      summary: 'Trade the one-time sign-in link printed at start-up for a session token (from this machine only).',
      request: { body: { content: json(signInBody), required: true } },
      responses: {
        200: { description: 'a session token', content: json(signInReply) },
        400: { description: 'invalid request', content: json(adminErrorSchema) },
        401: { description: 'ticket expired, used or forged', content: json(adminErrorSchema) },
        403: { description: 'not from this machine', content: json(adminErrorSchema) },
      },
    }),
    async (c) => {
      const secret = config.jwtSecret;
      if (secret === null) throw new ApiError(401, 'signin_disabled', 'sign-in links need a JWT secret; this gateway has none (set MIDGARD_JWT_SECRET)');
      const address = c.var.clientAddress;
      if (address === null || !LOOPBACK.has(address)) {
        throw new ApiError(403, 'not_local', 'sign-in links work only in a browser on the machine running Midgard; elsewhere paste a token from `midgard token`');
      }
      let claims;
      try {
        claims = ticketClaims.parse(await verify(c.req.valid('json').ticket, ticketKey(secret), 'HS256'));
      } catch {
        throw new ApiError(401, 'ticket_invalid', 'this sign-in link has expired or is not from this gateway: use the link printed at the latest start');
      }
      const nowS = Math.floor(now() / 1000);
      for (const [jti, exp] of used) if (exp < nowS) used.delete(jti);
      if (used.has(claims.jti)) throw new ApiError(401, 'ticket_used', 'this sign-in link was already used: restart Midgard for a new one, or paste a token from `midgard token`');
      used.set(claims.jti, nowS + TICKET_TTL_SECONDS);
      const token = await mintSessionToken(secret, claims.as, now());
      return c.json({ token, sub: claims.as.sub, role: claims.as.role, expiresIn: SESSION_TTL_SECONDS }, 200);
    },
  );
  return app;
}
