import { describe, expect, it } from 'vitest';
import { makeHarness } from '../testing/harness.ts';

/** `:id` and `{id}` are the same parameter; middleware and catch-alls are not routes. */
const documentedForm = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

describe('/openapi.json and /docs', () => {
  it('documents the bridge contract and the admin API from the route schemas', async () => {
    const h = makeHarness();
    const res = await h.app.request('/openapi.json');
    expect(res.status).toBe(200);
    const spec = await res.json();
    expect(spec.openapi).toBe('3.1.0');
    for (const path of ['/api/v1/events/dispatch', '/api/v1/actions/pending', '/api/v1/actions/complete', '/api/v1/actions/stream', '/api/v1/bridge/ws', '/api/v1/admin/feed', '/api/v1/admin/actors', '/api/v1/admin/actors/{id}/machine', '/api/v1/admin/config']) {
      expect(spec.paths).toHaveProperty([path]);
    }
    const event = spec.components.schemas.GameEvent;
    expect(Object.keys(event.properties).sort()).toEqual(['event_id', 'event_type', 'map', 'payload', 'player_id', 'priority', 'timestamp']);
    expect(event.additionalProperties).toBe(false);
    expect(spec.components.schemas.DispatchRequest.properties.events.maxItems).toBe(50);
  });

  it('documents every route the app answers, with who may call it', async () => {
    const h = makeHarness();
    const spec = await (await h.app.request('/openapi.json')).json();
    const routes = h.app.routes.filter((r) => r.method !== 'ALL' && !r.path.includes('*'));
    const missing = routes.filter((r) => !spec.paths[documentedForm(r.path)]?.[r.method.toLowerCase()]).map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
    for (const path of ['/health', '/ready', '/metrics', '/api/v1/admin/actors/{id}/machine/layout', '/api/v1/stately']) expect(spec.paths).toHaveProperty([path]);
    expect(Object.keys(spec.components.securitySchemes).sort()).toEqual(['adminApiKey', 'adminJwt', 'bridgeApiKey', 'statelyToken']);
    expect(spec.paths['/api/v1/admin/world'].get.security).toEqual([{ adminJwt: [] }, { adminApiKey: [] }]);
    expect(spec.paths['/api/v1/events/dispatch'].post.security).toEqual([{ bridgeApiKey: [] }, {}]);
    expect(spec.paths['/health'].get.security).toBeUndefined();
  });

  it('serves a docs page that loads nothing from another origin', async () => {
    const h = makeHarness();
    const html = await (await h.app.request('/docs')).text();
    expect(html).toContain('/openapi.json');
    expect(html).not.toMatch(/(src|href)="https?:\/\//);
    expect(html).not.toContain('innerHTML');
  });
});
