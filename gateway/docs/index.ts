import type { OpenAPIHono } from '@hono/zod-openapi';
import type { GatewayEnv } from '../types.ts';
import { DOCS_HTML } from './page.ts';

/**
 * `/openapi.json` (OpenAPI 3.1 generated from the zod route schemas) and `/docs` (offline page). Call after
 * every route is mounted: the document is built from the app's registry on each request.
 *
 * @example
 * mountDocs(app);
 */
export function mountDocs(app: OpenAPIHono<GatewayEnv>): void {
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Midgard gateway',
      version: '1',
      description: 'Bridge API for rAthena (events in, actions out, poll and stream) and the admin API.',
    },
  });
  app.get('/docs', (c) => c.html(DOCS_HTML));
}
