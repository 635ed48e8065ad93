import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { validationHook } from '../../errors.ts';
import { requireRole } from '../../middleware/admin-auth/index.ts';
import type { GatewayDeps, GatewayEnv } from '../../types.ts';
import { audit } from '../audit.ts';
import { facts } from '../../../facts/index.ts';
import { adminErrors, json, okSchema } from '../schema.ts';

const anyObject = z.record(z.string(), z.unknown());
const itemsSchema = z.object({ items: z.array(z.object({ id: z.number().int(), name: z.string() })) }).openapi('ItemNames');
const speedBody = z
  .strictObject({ speed: z.union([z.number().positive().max(10_000), z.literal('max')]) })
  .openapi('WorldSpeed');

/** For runtimes without `census()`: count through the paged list (bounded, for small worlds and doubles). */
function censusFromList(runtime: GatewayDeps['runtime']): { kind: string; state: string; count: number }[] {
  const counts = new Map<string, { kind: string; state: string; count: number }>();
  for (let offset = 0; offset < 100_000; offset += 500) {
    const { items } = runtime.listActors({ offset, limit: 500 });
    for (const a of items) {
      const key = `${a.kind}\u0000${a.state}`;
      const entry = counts.get(key) ?? { kind: a.kind, state: a.state, count: 0 };
      entry.count++;
      counts.set(key, entry);
    }
    if (items.length < 500) break;
  }
  return [...counts.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.state.localeCompare(b.state));
}

const censusSchema = z
  .object({
    items: z.array(z.object({ kind: z.string(), state: z.string(), count: z.number() })),
    kinds: z.array(z.object({
      kind: z.string(),
      actors: z.number(),
      /** actors that do not run: all of them when the kind is paused, else those paused one by one */
      paused: z.number(),
      kindPaused: z.boolean(),
    })),
  })
  .openapi('Census');

/** Per kind: how many actors, how many of them paused, and whether the whole kind is. */
function kindTotals(runtime: GatewayDeps['runtime'], items: { kind: string; count: number }[]) {
  const totals = new Map<string, number>();
  for (const item of items) totals.set(item.kind, (totals.get(item.kind) ?? 0) + item.count);
  return [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([kind, actors]) => {
    const kindPaused = runtime.isPaused({ kind });
    const paused = kindPaused ? actors : runtime.listActors({ kind, paused: true, offset: 0, limit: 1 }).total;
    return { kind, actors, paused, kindPaused };
  });
}

/** Admin API over the world: clock and stats, pause/resume/step a tick (gm+), speed and snapshot (admin+). */
export function worldRoutes(deps: GatewayDeps): OpenAPIHono<GatewayEnv> {
  const app = new OpenAPIHono<GatewayEnv>({ defaultHook: validationHook });
  const { runtime } = deps;

  app.openapi(
    createRoute({
      method: 'get', path: '/api/v1/admin/world', tags: ['admin'], middleware: [requireRole('gm')] as const,
      summary: 'World clock and runtime counters.',
      responses: { 200: { description: 'clock and stats', content: json(z.object({ clock: anyObject, stats: anyObject })) }, ...adminErrors },
    }),
    (c) => c.json({ clock: runtime.clock() as unknown as Record<string, unknown>, stats: runtime.stats() as unknown as Record<string, unknown> }, 200),
  );

  for (const verb of ['pause', 'resume'] as const) {
    app.openapi(
      createRoute({
        method: 'post', path: `/api/v1/admin/world/${verb}`, tags: ['admin'], middleware: [requireRole('gm')] as const,
        summary: `${verb} the whole world (gm+)`,
        responses: { 200: { description: 'done', content: json(okSchema) }, ...adminErrors },
      }),
      async (c) => {
        await audit(deps, c, `world.${verb}`, {});
        runtime[verb]({ world: true });
        return c.json({ ok: true as const }, 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'post', path: '/api/v1/admin/world/step', tags: ['admin'], middleware: [requireRole('gm')] as const,
      summary: 'Advance the world clock one tick (works while paused).',
      responses: { 200: { description: 'the clock after the tick', content: json(z.object({ clock: anyObject })) }, ...adminErrors },
    }),
    async (c) => {
      await audit(deps, c, 'world.step', {});
      await runtime.stepWorld();
      return c.json({ clock: runtime.clock() as unknown as Record<string, unknown> }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put', path: '/api/v1/admin/world/speed', tags: ['admin'], middleware: [requireRole('admin')] as const,
      summary: "Set the clock speed: 1 = real time, N = N× faster, 'max' = as fast as possible (admin+).",
      request: { body: { content: json(speedBody), required: true } },
      responses: { 200: { description: 'the clock', content: json(z.object({ clock: anyObject })) }, ...adminErrors },
    }),
    async (c) => {
      const { speed } = c.req.valid('json');
      await audit(deps, c, 'world.speed', { speed });
      runtime.setSpeed(speed);
      return c.json({ clock: runtime.clock() as unknown as Record<string, unknown> }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/v1/admin/world/snapshot', tags: ['admin'], middleware: [requireRole('admin')] as const,
      summary: 'Write every dirty actor snapshot now (admin+).',
      responses: { 200: { description: 'flushed', content: json(okSchema) }, ...adminErrors },
    }),
    async (c) => {
      await audit(deps, c, 'world.snapshot', {});
      await runtime.flush();
      return c.json({ ok: true as const }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/v1/admin/census', tags: ['admin'], middleware: [requireRole('gm')] as const,
      summary: 'How many actors are in each state, per kind (the whole world, not a page).',
      responses: {
        200: { description: 'counts by state, and per kind how many are paused', content: json(censusSchema) },
        ...adminErrors,
      },
    }),
    (c) => {
      const items = runtime.census?.() ?? censusFromList(runtime);
      return c.json({ items, kinds: kindTotals(runtime, items) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/v1/admin/items', tags: ['admin'], middleware: [requireRole('gm')] as const,
      summary: 'The items the world knows (facts/), id and name, so prices and rewards can be shown by name.',
      responses: { 200: { description: 'items by id', content: json(itemsSchema) }, ...adminErrors },
    }),
    (c) => c.json({ items: facts.items.map(({ id, name }) => ({ id, name })) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/v1/admin/dead-letters', tags: ['admin'], middleware: [requireRole('gm')] as const,
      summary: 'Events that made an actor fail.',
      responses: { 200: { description: 'dead letters', content: json(z.object({ items: z.array(anyObject) })) }, ...adminErrors },
    }),
    (c) => c.json({ items: (deps.deadLetters?.() ?? runtime.deadLetters()) as unknown as Record<string, unknown>[] }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/v1/admin/audit', tags: ['admin'], middleware: [requireRole('admin')] as const,
      summary: 'The most recent admin writes (admin+).',
      request: { query: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).optional() }) },
      responses: { 200: { description: 'audit entries, newest first', content: json(z.object({ items: z.array(anyObject) })) }, ...adminErrors },
    }),
    async (c) => {
      const items = await deps.audit.recent(c.req.valid('query').limit ?? 100);
      return c.json({ items: items as unknown as Record<string, unknown>[] }, 200);
    },
  );
  return app;
}
