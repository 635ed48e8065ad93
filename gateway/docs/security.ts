import type { RouteConfig } from '@hono/zod-openapi';

/** The ways in, as OpenAPI security schemes (what `gateway/middleware/*-auth` accept). */
export const SECURITY_SCHEMES = {
  adminJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'HS256 JWT with `sub` and `role` (player < gm < admin < superadmin), signed with MIDGARD_JWT_SECRET' },
  adminApiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'a key from MIDGARD_ADMIN_API_KEYS (acts as role admin)' },
  bridgeApiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'a key from MIDGARD_API_KEYS; callers from MIDGARD_TRUSTED_BRIDGES need none' },
  statelyToken: { type: 'apiKey', in: 'query', name: 'token', description: 'the admin JWT as ?token= (a WebSocket cannot send headers from a browser)' },
} as const;

type Requirement = Record<string, string[]>[];

/** Who may call a path, by its prefix; null for public paths (health, docs, sign-in). */
export function securityFor(path: string): Requirement | null {
  if (path === '/api/v1/stately') return [{ statelyToken: [] }];
  if (path.startsWith('/api/v1/admin/')) return [{ adminJwt: [] }, { adminApiKey: [] }];
  if (/^\/api\/v1\/(events|actions|bridge)\//.test(path)) return [{ bridgeApiKey: [] }, {}];
  return null;
}

const text = (description: string) => ({ description, content: { 'text/plain': { schema: { type: 'string' as const } } } });
const object = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' as const } } } });

/** Routes that are not zod-openapi routes (plain text, streams, sockets, the dashboard's own): documented here. */
export const HAND_DOCUMENTED: RouteConfig[] = [
  { method: 'get', path: '/health', tags: ['operations'], summary: 'The process answers (liveness), and says its role (all or gateway).', responses: { 200: object('{"status":"ok","role":"all"}') } },
  {
    method: 'get', path: '/ready', tags: ['operations'], summary: 'Database reachable and runtime running (a gateway node has none: runtime null): send traffic (readiness).',
    responses: { 200: object('{"status":"ready","role":"all","database":true,"runtime":true}'), 503: object('not ready, with which part is missing') },
  },
  {
    method: 'get', path: '/metrics', tags: ['operations'],
    summary: 'Prometheus text: HTTP, journal, LLM, cache, and runtime gauges (actors by kind and state, tick, mailbox depth, dead letters, paused).',
    responses: { 200: text('Prometheus exposition format 0.0.4') },
  },
  { method: 'get', path: '/docs', tags: ['operations'], summary: 'This API, readable offline.', responses: { 200: text('HTML') } },
  { method: 'get', path: '/openapi.json', tags: ['operations'], summary: 'This document (OpenAPI 3.1).', responses: { 200: object('the OpenAPI document') } },
  {
    method: 'get', path: '/api/v1/bridge/ws', tags: ['bridge'],
    summary: 'WebSocket for Midgard\'s own bridge: {"type":"events"} in → "ack"; {"type":"action"} out; {"type":"complete"} in. Resume with ?after=<seq>. X-API-Key.',
    responses: { 101: { description: 'switching protocols' }, 401: { description: 'no valid X-API-Key and not a trusted bridge' } },
  },
  {
    method: 'get', path: '/api/v1/admin/feed', tags: ['admin'],
    summary: 'Live feed (SSE, gm+): metrics, transitions of ?watch=id,id, actions, effects. ?interval=ms',
    responses: { 200: { description: 'text/event-stream' }, 401: { description: 'no credentials' }, 403: { description: 'role too low' } },
  },
  {
    method: 'get', path: '/api/v1/admin/actors/{id}/machine/layout', tags: ['admin'],
    summary: "The actor kind's machine laid out for drawing (positions and edge routes, computed once per kind), gm+.",
    responses: { 200: object('nodes and edges with coordinates'), 401: { description: 'no credentials' }, 403: { description: 'role too low' }, 404: object('no such kind or not a machine') },
  },
  {
    method: 'get', path: '/api/v1/stately', tags: ['admin'],
    summary: 'WebSocket relaying ?watch=kind:key,… in the @statelyai/inspect protocol (gm+, JWT as ?token=).',
    responses: { 101: { description: 'switching protocols' }, 400: object('no or bad watch list'), 401: object('no or invalid token') },
  },
];
