import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { OutboxEntry } from '../../persistence/types.ts';
import { ApiError, validationHook } from '../errors.ts';
import { errorSchema } from '../events/schema.ts';
import type { Lifecycle } from '../Lifecycle.ts';
import type { GatewayDeps, GatewayEnv } from '../types.ts';
import { ActionPump, toBridgeAction } from './ActionPump.ts';
import type { ActionSignal } from './ActionSignal.ts';
import { completeBodySchema, completeResultSchema, pendingQuerySchema, pendingResultSchema } from './schema.ts';

const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });
const unauthorized = { 401: { description: 'no valid X-API-Key and not a trusted bridge', content: json(errorSchema) } };

const pendingRoute = createRoute({
  method: 'get',
  path: '/api/v1/actions/pending',
  tags: ['bridge'],
  summary: 'Lease pending actions: each is handed out once and offered again only after its lease expires.',
  request: { query: pendingQuerySchema },
  responses: { 200: { description: 'leased actions', content: json(pendingResultSchema) }, 400: { description: 'bad query', content: json(errorSchema) }, ...unauthorized },
});

const completeRoute = createRoute({
  method: 'post',
  path: '/api/v1/actions/complete',
  tags: ['bridge'],
  summary: 'Report an action done or failed. Idempotent.',
  request: { body: { content: json(completeBodySchema), required: true } },
  responses: {
    200: { description: 'recorded (or already recorded)', content: json(completeResultSchema) },
    400: { description: 'malformed body', content: json(errorSchema) },
    404: { description: 'unknown action_id', content: json(errorSchema) },
    ...unauthorized,
  },
});

/** `Last-Event-ID` header (SSE reconnects send it) or `?after=`: the last outbox seq the bridge has. */
function resumePoint(header: string | undefined, query: string | undefined): number | null {
  const raw = header ?? query;
  if (raw === undefined) return null;
  if (!/^\d{1,15}$/.test(raw)) throw new ApiError(400, 'invalid_request', 'Last-Event-ID / after must be a non-negative integer (an outbox seq)');
  return Number(raw);
}

/**
 * The action half of the bridge contract: poll (`/pending` + `/complete`) and the SSE stream extension.
 *
 * @example
 * app.route('/', actionsRoutes(deps, lifecycle, signal));
 */
export function actionsRoutes(deps: GatewayDeps, lifecycle: Lifecycle, signal: ActionSignal): OpenAPIHono<GatewayEnv> {
  const app = new OpenAPIHono<GatewayEnv>({ defaultHook: validationHook });
  const now = deps.now ?? Date.now;
  const settings = deps.config.settings;

  app.openapi(pendingRoute, async (c) => {
    const { limit } = c.req.valid('query');
    const leased = await deps.outbox.lease(limit ?? settings.pendingBatch, settings.leaseMs, now());
    return c.json({ actions: leased.map(toBridgeAction) }, 200);
  });

  app.openapi(completeRoute, async (c) => {
    const body = c.req.valid('json');
    const known = await deps.outbox.complete(body.action_id, body.status, body.message, body.timestamp ?? now());
    if (!known) throw new ApiError(404, 'action_not_found', `no action '${body.action_id}'`);
    return c.json({ ok: true as const, action_id: body.action_id, status: body.status }, 200);
  });

  app.get('/api/v1/actions/stream', async (c) => {
    const resume = resumePoint(c.req.header('last-event-id'), c.req.query('after'));
    if (lifecycle.closing) throw new ApiError(503, 'shutting_down', 'the gateway is shutting down');
    return streamSSE(c, async (stream) => {
      const deliver = async (entries: OutboxEntry[]) => {
        for (const e of entries) {
          await stream.writeSSE({ id: String(e.seq), event: 'action', data: JSON.stringify(toBridgeAction(e)) });
        }
      };
      const pump = new ActionPump({ outbox: deps.outbox, signal, deliver, leaseMs: () => settings.leaseMs, batch: () => settings.pendingBatch, now });
      let finish: () => void = () => {};
      const ended = new Promise<void>((resolve) => (finish = resolve));
      const untrack = lifecycle.track(() => {
        pump.stop();
        void stream.close();
        finish();
      });
      stream.onAbort(() => {
        pump.stop();
        untrack();
        finish();
      });
      // a comment line now and then keeps proxies from timing out an idle stream
      const heartbeat = setInterval(() => void stream.write(': ping\n\n').catch(() => {}), 15_000);
      heartbeat.unref();
      try {
        await stream.write(': connected\n\n');
        await pump.start(resume);
        await ended;
      } finally {
        clearInterval(heartbeat);
        pump.stop();
        untrack();
      }
    });
  });

  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/api/v1/actions/stream',
    tags: ['bridge'],
    summary: "Server-sent events of leased actions (event 'action', id = outbox seq). Resume with Last-Event-ID.",
    responses: { 200: { description: 'text/event-stream of BridgeAction objects' }, ...unauthorized },
  });
  return app;
}
