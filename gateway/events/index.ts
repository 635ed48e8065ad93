import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import type { Journal } from '../../persistence/types.ts';
import { ApiError, describeIssues, validationHook } from '../errors.ts';
import type { GatewayDeps, GatewayEnv } from '../types.ts';
import { ingestBatch } from './ingest.ts';
import { refusedEventRoutes, refusedEventsOf } from './refused.ts';
import { dispatchBodySchema, dispatchEnvelopeSchema, dispatchResultSchema, errorSchema } from './schema.ts';

export const DISPATCH_PATH = '/api/v1/events/dispatch';

const errors = {
  400: { description: 'not JSON, or not {"events":[…]} with at most 50 events (the whole batch is refused)', content: { 'application/json': { schema: errorSchema } } },
  401: { description: 'no valid X-API-Key and not a trusted bridge address', content: { 'application/json': { schema: errorSchema } } },
  413: { description: 'body over the limit', content: { 'application/json': { schema: errorSchema } } },
  503: { description: 'journal unavailable; nothing was acknowledged, retry', content: { 'application/json': { schema: errorSchema } } },
};

const dispatchRoute = createRoute({
  method: 'post',
  path: DISPATCH_PATH,
  tags: ['bridge'],
  summary: 'Game events in (≤ 50 per batch). 2xx: the valid events are journaled durably (a retried batch is a no-op); invalid ones are listed in `refused` and kept for the admin API.',
  request: { body: { content: { 'application/json': { schema: dispatchBodySchema } }, required: true } },
  responses: {
    200: { description: 'valid events journaled, invalid ones refused', content: { 'application/json': { schema: dispatchResultSchema } } },
    ...errors,
  },
});

/**
 * `POST /api/v1/events/dispatch` — bridge-contract.md, "Events: game → Midgard" — and the admin view of the
 * events it refused. The route is documented from the contract's schema but parses its body itself: the schema
 * is applied per event, because the original bridge dead-letters a whole batch on any 4xx.
 *
 * @example
 * app.route('/', eventsRoutes(deps, new GroupCommit(deps.journal)));
 */
export function eventsRoutes(deps: GatewayDeps, journal: Pick<Journal, 'append'>): OpenAPIHono<GatewayEnv> {
  const app = new OpenAPIHono<GatewayEnv>({ defaultHook: validationHook });
  app.openAPIRegistry.registerPath(dispatchRoute);
  app.post(DISPATCH_PATH, async (c) => {
    const text = await c.req.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiError(400, 'invalid_request', 'malformed JSON');
    }
    const envelope = dispatchEnvelopeSchema.safeParse(body);
    if (!envelope.success) throw new ApiError(400, 'invalid_request', describeIssues(envelope.error.issues));
    const r = await ingestBatch(deps, journal, refusedEventsOf(deps), envelope.data.events, c.var.principal.sub);
    return c.json({ accepted: r.accepted.length, duplicates: r.duplicates, throttled: r.throttled, refused: r.refused }, 200);
  });
  app.route('/', refusedEventRoutes(deps));
  return app;
}
