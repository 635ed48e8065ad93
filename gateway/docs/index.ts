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
  // routes that are not plain JSON (a WebSocket, an event stream) are documented by hand
  app.openAPIRegistry.registerPath({
    method: 'get', path: '/api/v1/bridge/ws', tags: ['bridge'],
    summary: 'WebSocket for Midgard\'s own bridge: {"type":"events"} in → "ack"; {"type":"action"} out; {"type":"complete"} in. Resume with ?after=<seq>. X-API-Key.',
    responses: { 101: { description: 'switching protocols' }, 401: { description: 'no valid X-API-Key and not a trusted bridge' } },
  });
  app.openAPIRegistry.registerPath({
    method: 'get', path: '/api/v1/admin/feed', tags: ['admin'],
    summary: 'Live feed (SSE, gm+): metrics, transitions of ?watch=id,id, actions, effects. ?interval=ms',
    responses: { 200: { description: 'text/event-stream' }, 401: { description: 'no credentials' }, 403: { description: 'role too low' } },
  });
  app.get('/docs', (c) => c.html(DOCS_HTML));
}
