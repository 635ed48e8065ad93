import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { PlainEvent } from '../../../machines/kit/outputs.ts';
import { ApiError, validationHook } from '../../errors.ts';
import { machineGraph } from '../../machine-graph/index.ts';
import { requireRole } from '../../middleware/admin-auth/index.ts';
import type { GatewayDeps, GatewayEnv } from '../../types.ts';
import { audit } from '../audit.ts';
import { accepts } from './accepts.ts';
import { declarationOf, kindView } from './kindView.ts';
import { listActorPage } from './list.ts';
import { actorIdParam, adminErrors, json, kindParam, okSchema, plainEventSchema } from '../schema.ts';

const listQuery = z.strictObject({
  kind: z.string().max(64).optional(),
  state: z.string().max(200).optional(),
  paused: z.enum(['true', 'false']).optional(),
  q: z.string().max(200).optional(),
  offset: z.coerce.number().int().min(0).max(10_000_000).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

const anyObject = z.record(z.string(), z.unknown());
const sendQuery = z.strictObject({
  create: z.enum(['true', 'false']).optional().openapi({ description: 'create the actor on this message when it does not exist yet' }),
});
const notFound = { 404: { description: 'no such actor or kind', content: json(z.object({ error: anyObject })) } };

const kindOf = (actorId: string) => actorId.split(':', 1)[0]!;

const kindControlSchema = z
  .object({ ok: z.literal(true), kind: z.string(), paused: z.boolean(), actors: z.number().int().openapi({ description: 'actors of the kind, all affected' }) })
  .openapi('KindControl');
const kindNotFound = { 404: { description: 'no such kind', content: json(z.object({ error: anyObject })) } };

/** Admin API over actors: list/search, inspect, diagram, pause/resume/step one or a kind, send an event. */
export function actorRoutes(deps: GatewayDeps): OpenAPIHono<GatewayEnv> {
  const app = new OpenAPIHono<GatewayEnv>({ defaultHook: validationHook });
  const { runtime } = deps;

  /** The kind's actor count; a kind with no actor and no machine is a typo, not an empty kind. */
  const mustKnowKind = (kind: string): number => {
    const actors = runtime.listActors({ kind, offset: 0, limit: 1 }).total;
    if (actors === 0 && !deps.logicOf?.(kind)) throw new ApiError(404, 'kind_not_found', `no actor kind '${kind}'`);
    return actors;
  };

  const mustExist = async (id: string) => {
    const actor = await runtime.getActor(id);
    if (!actor) throw new ApiError(404, 'actor_not_found', `no actor '${id}'`);
    return actor;
  };
  // an unknown kind is refused the same way by pause, resume and step, before anything is audited
  app.openapi(
    createRoute({
      method: 'get', path: '/api/v1/admin/actors', tags: ['admin'], middleware: [requireRole('gm')] as const,
      summary: 'List and search actors (kind, state, paused, id or NPC name substring), paged in id order (npc:2 before npc:10).',
      request: { query: listQuery },
      responses: { 200: { description: 'a page of actors', content: json(z.object({ total: z.number(), items: z.array(anyObject) })) }, ...adminErrors },
    }),
    (c) => {
      const q = c.req.valid('query');
      const page = listActorPage(runtime, {
        kind: q.kind, state: q.state, q: q.q, offset: q.offset ?? 0, limit: q.limit ?? 50,
        paused: q.paused === undefined ? undefined : q.paused === 'true',
      }, deps.actorName);
      return c.json({ total: page.total, items: page.items as unknown as Record<string, unknown>[] }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/v1/admin/actors/{id}', tags: ['admin'], middleware: [requireRole('gm')] as const,
      summary: 'One actor: snapshot, mailbox, timers, recent transitions.',
      request: { params: actorIdParam },
      responses: { 200: { description: 'the actor', content: json(anyObject) }, ...notFound, ...adminErrors },
    }),
    async (c) => c.json((await mustExist(c.req.valid('param').id)) as unknown as Record<string, unknown>, 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/v1/admin/actors/{id}/machine', tags: ['admin'], middleware: [requireRole('gm')] as const,
      summary:
        "The actor kind's logic as the dashboard draws it: a state machine's nodes and edges (`shape: machine`), and for every kind its " +
        'event table (the events it handles, in which states, with an example from its declaration), with the actor\'s current state.',
      request: { params: actorIdParam },
      responses: { 200: { description: 'graph and event table', content: json(anyObject) }, ...notFound, ...adminErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const kind = kindOf(id);
      const logic = deps.logicOf?.(kind);
      if (!logic) throw new ApiError(404, 'kind_not_found', `no actor kind '${kind}'`);
      const view = kindView(kind, logic, declarationOf(runtime, kind));
      const graph = view.shape === 'machine' ? machineGraph(logic) : null;
      const actor = await runtime.getActor(id);
      return c.json({ ...view, state: actor?.state ?? null, ...(graph ?? {}) } as unknown as Record<string, unknown>, 200);
    },
  );

  for (const verb of ['pause', 'resume'] as const) {
    app.openapi(
      createRoute({
        method: 'post', path: `/api/v1/admin/actors/{id}/${verb}`, tags: ['admin'], middleware: [requireRole('gm')] as const,
        summary: `${verb} one actor (gm+)`, request: { params: actorIdParam },
        responses: { 200: { description: 'done', content: json(okSchema) }, ...notFound, ...adminErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await mustExist(id);
        await audit(deps, c, `actor.${verb}`, { actorId: id });
        runtime[verb]({ actor: id });
        return c.json({ ok: true as const }, 200);
      },
    );
    app.openapi(
      createRoute({
        method: 'post', path: `/api/v1/admin/kinds/{kind}/${verb}`, tags: ['admin'], middleware: [requireRole('gm')] as const,
        summary: `${verb} every actor of a kind (gm+)`, request: { params: kindParam },
        responses: { 200: { description: 'done, with how many actors the kind has', content: json(kindControlSchema) }, ...kindNotFound, ...adminErrors },
      }),
      async (c) => {
        const { kind } = c.req.valid('param');
        const actors = mustKnowKind(kind);
        await audit(deps, c, `kind.${verb}`, { kind, actors });
        runtime[verb]({ kind });
        return c.json({ ok: true as const, kind, paused: verb === 'pause', actors }, 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'post', path: '/api/v1/admin/actors/{id}/step', tags: ['admin'], middleware: [requireRole('gm')] as const,
      summary: 'Deliver exactly one queued message to the actor and report the transition (null if none queued).',
      request: { params: actorIdParam },
      responses: { 200: { description: 'the transition', content: json(z.object({ transition: anyObject.nullable() })) }, ...notFound, ...adminErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await mustExist(id);
      await audit(deps, c, 'actor.step', { actorId: id });
      const transition = await runtime.step(id);
      return c.json({ transition: transition as unknown as Record<string, unknown> | null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/v1/admin/kinds/{kind}/step', tags: ['admin'], middleware: [requireRole('gm')] as const,
      summary: 'Step every actor of a kind once (at most 1000).', request: { params: kindParam },
      responses: { 200: { description: 'how many moved', content: json(z.object({ actors: z.number(), stepped: z.number() })) }, ...kindNotFound, ...adminErrors },
    }),
    async (c) => {
      const { kind } = c.req.valid('param');
      mustKnowKind(kind);
      await audit(deps, c, 'kind.step', { kind });
      const { items } = runtime.listActors({ kind, offset: 0, limit: 1000 });
      let stepped = 0;
      for (const actor of items) if ((await runtime.step(actor.id)) !== null) stepped++;
      return c.json({ actors: items.length, stepped }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/v1/admin/actors/{id}/events', tags: ['admin'], middleware: [requireRole('admin')] as const,
      summary: "Send an event to an actor (admin+). The actor must exist unless ?create=true (actors come to life on their first message); the event's type must be one the kind's logic handles (its machine in any state, its reaction table, or its declared event types).",
      request: { params: actorIdParam, query: sendQuery, body: { content: json(plainEventSchema), required: true } },
      responses: { 202: { description: 'queued for the next tick', content: json(okSchema) }, ...notFound, ...adminErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const event = c.req.valid('json') as PlainEvent;
      const kind = kindOf(id);
      const logic = deps.logicOf?.(kind);
      if (!(await runtime.getActor(id))) {
        // a typo'd id (npc:99999) used to create a permanent new actor
        if (c.req.valid('query').create !== 'true') {
          throw new ApiError(404, 'actor_not_found', `no actor '${id}'; to bring it to life with this message, send again with ?create=true`);
        }
        if (!logic && runtime.listActors({ kind, offset: 0, limit: 1 }).total === 0) throw new ApiError(404, 'kind_not_found', `no actor kind '${kind}'`);
      }
      const declared = logic ? kindView(kind, logic, declarationOf(runtime, kind)).accepts : null;
      if (declared && !accepts(declared, event.type)) {
        // it would be delivered, ignored by every state, and vanish
        throw new ApiError(400, 'unknown_event_type', `${kind} actors do not handle '${event.type}'; they handle: ${declared.join(', ')}`);
      }
      await audit(deps, c, 'actor.send', { actorId: id, event });
      runtime.send(id, event, 'admin');
      return c.json({ ok: true as const }, 202);
    },
  );
  return app;
}
