import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { MemoryRefusedEvents } from '../../persistence/memory/MemoryRefusedEvents.ts';
import type { RefusedEventLog } from '../../persistence/types.ts';
import { adminErrors, json } from '../admin/schema.ts';
import { validationHook } from '../errors.ts';
import { requireRole } from '../middleware/admin-auth/index.ts';
import type { GatewayDeps, GatewayEnv } from '../types.ts';

const fallback = new WeakMap<GatewayDeps, RefusedEventLog>();

/**
 * Where this gateway keeps refused events: the store the wiring gave it (`refused_events` in Postgres), else one
 * bounded in-memory log per gateway, shared by HTTP dispatch, the bridge socket and the admin route.
 */
export function refusedEventsOf(deps: GatewayDeps): RefusedEventLog {
  if (deps.refusedEvents) return deps.refusedEvents;
  let log = fallback.get(deps);
  if (!log) fallback.set(deps, (log = new MemoryRefusedEvents()));
  return log;
}

const refusedEntrySchema = z
  .object({
    id: z.number().int(),
    index: z.number().int().openapi({ description: 'position in the batch the bridge sent' }),
    event_type: z.string().nullable(),
    reason: z.string(),
    event: z.unknown().openapi({ description: 'the event exactly as it arrived' }),
    source: z.string().openapi({ example: 'bridge:10.0.0.5' }),
    refused_at: z.number().int().openapi({ description: 'epoch ms' }),
  })
  .openapi('RefusedEventEntry');

/**
 * `GET /api/v1/admin/events/refused` (gm+): the events bridges sent that the gateway refused, newest first. The
 * bridge got a 2xx for their batch and will not resend them, so this is where a server owner finds them.
 *
 * @example
 * app.route('/', refusedEventRoutes(deps));
 */
export function refusedEventRoutes(deps: GatewayDeps): OpenAPIHono<GatewayEnv> {
  const app = new OpenAPIHono<GatewayEnv>({ defaultHook: validationHook });
  app.openapi(
    createRoute({
      method: 'get', path: '/api/v1/admin/events/refused', tags: ['admin'], middleware: [requireRole('gm')] as const,
      summary: 'Events refused at dispatch (unknown type, malformed payload, missing player), newest first (gm+).',
      request: { query: z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100) }) },
      responses: { 200: { description: 'refused events', content: json(z.object({ refused: z.array(refusedEntrySchema) })) }, ...adminErrors },
    }),
    async (c) => {
      const entries = await refusedEventsOf(deps).recent(c.req.valid('query').limit);
      const refused = entries.map((e) => ({ id: e.id, index: e.index, event_type: e.event_type, reason: e.reason, event: e.event, source: e.source, refused_at: e.refusedAt }));
      return c.json({ refused }, 200);
    },
  );
  return app;
}
