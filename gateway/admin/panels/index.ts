import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { ActorKind } from '../../../runtime/ActorKind.ts';
import { validationHook } from '../../errors.ts';
import { requireRole } from '../../middleware/admin-auth/index.ts';
import type { GatewayDeps, GatewayEnv } from '../../types.ts';
import { adminErrors, json } from '../schema.ts';

const panelsSchema = z
  .object({ items: z.array(z.object({ kind: z.string(), title: z.string(), ids: z.array(z.string()) })) })
  .openapi('Panels');

/**
 * The dashboard's panels, as the catalogue declares them (`panel` in machines/<kind>.kind.ts): per kind, its title
 * and the actors it reads, in the catalogue's order. The page draws each with its kind's renderer.
 */
export function panelRoutes(deps: Pick<GatewayDeps, 'runtime'>): OpenAPIHono<GatewayEnv> {
  const app = new OpenAPIHono<GatewayEnv>({ defaultHook: validationHook });
  app.openapi(
    createRoute({
      method: 'get', path: '/api/v1/admin/panels', tags: ['admin'], middleware: [requireRole('gm')] as const,
      summary: "The dashboard's panels: per kind that declares one, its title and the actors it reads.",
      responses: { 200: { description: 'panels, in the catalogue’s order', content: json(panelsSchema) }, ...adminErrors },
    }),
    (c) => {
      // the Runtime exposes its catalogue as `kinds`; a bare WorldControl (tests' doubles) declares no panels
      const kinds = (deps.runtime as { kinds?: Map<string, ActorKind> }).kinds ?? new Map<string, ActorKind>();
      const items = [...kinds.values()].flatMap((k) => (k.panel ? [{ kind: k.kind, title: k.panel.title, ids: k.panel.ids }] : []));
      return c.json({ items }, 200);
    },
  );
  return app;
}
