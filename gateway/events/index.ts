import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import type { GameEvent, Journal } from '../../persistence/types.ts';
import { validationHook } from '../errors.ts';
import type { GatewayDeps, GatewayEnv } from '../types.ts';
import { ingestEvents } from './ingest.ts';
import { dispatchBodySchema, dispatchResultSchema, errorSchema } from './schema.ts';

const errors = {
  400: { description: 'malformed JSON, wrong types or unknown fields', content: { 'application/json': { schema: errorSchema } } },
  401: { description: 'no valid X-API-Key and not a trusted bridge address', content: { 'application/json': { schema: errorSchema } } },
  413: { description: 'body over the limit', content: { 'application/json': { schema: errorSchema } } },
  503: { description: 'journal unavailable; nothing was acknowledged, retry', content: { 'application/json': { schema: errorSchema } } },
};

const dispatchRoute = createRoute({
  method: 'post',
  path: '/api/v1/events/dispatch',
  tags: ['bridge'],
  summary: 'Game events in (≤ 50 per batch). A 2xx means journaled durably; duplicates are no-ops.',
  request: { body: { content: { 'application/json': { schema: dispatchBodySchema } }, required: true } },
  responses: {
    200: { description: 'journaled', content: { 'application/json': { schema: dispatchResultSchema } } },
    ...errors,
  },
});

/**
 * `POST /api/v1/events/dispatch` — bridge-contract.md, "Events: game → Midgard".
 *
 * @example
 * app.route('/', eventsRoutes(deps, new GroupCommit(deps.journal)));
 */
export function eventsRoutes(deps: GatewayDeps, journal: Pick<Journal, 'append'>): OpenAPIHono<GatewayEnv> {
  const app = new OpenAPIHono<GatewayEnv>({ defaultHook: validationHook });
  app.openapi(dispatchRoute, async (c) => {
    const { events } = c.req.valid('json');
    const result = await ingestEvents(deps, journal, events as GameEvent[]);
    return c.json({ accepted: result.accepted.length, duplicates: result.duplicates, throttled: result.throttled }, 200);
  });
  return app;
}
