import type { OpenAPIHono } from '@hono/zod-openapi';
import type { GatewayEnv } from '../types.ts';
import { DOCS_HTML } from './page.ts';
import { HAND_DOCUMENTED, SECURITY_SCHEMES, securityFor } from './security.ts';

const INFO = {
  title: 'Midgard gateway',
  version: '1',
  description:
    'Bridge API for rAthena (events in, actions out, poll and stream) and the admin API. Admin calls carry a JWT ' +
    '(`Authorization: Bearer …`, from `midgard token` or the start-up sign-in link) or an admin `X-API-Key`; ' +
    'bridge calls an `X-API-Key` unless they come from a trusted address.',
};

/**
 * `/openapi.json` (OpenAPI 3.1 generated from the zod route schemas, plus the routes that are not JSON
 * documented by hand, with who may call what as security requirements) and `/docs` (offline page). Call after
 * every route is mounted: the document is built from the app's registry on each request.
 *
 * @example
 * mountDocs(app);
 */
export function mountDocs(app: OpenAPIHono<GatewayEnv>): void {
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) app.openAPIRegistry.registerComponent('securitySchemes', name, scheme);
  for (const route of HAND_DOCUMENTED) app.openAPIRegistry.registerPath(route);
  app.get('/openapi.json', (c) => {
    const doc = app.getOpenAPI31Document({ openapi: '3.1.0', info: INFO });
    for (const [path, operations] of Object.entries(doc.paths ?? {})) {
      const security = securityFor(path);
      for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
        const op = (operations as Record<string, { security?: unknown } | undefined>)[method];
        if (op && security) op.security ??= security;
      }
    }
    return c.json(doc);
  });
  app.get('/docs', (c) => c.html(DOCS_HTML));
}
