import { describe, expect, it } from 'vitest';
import { makeHarness, tokenFor } from './testing/harness.ts';

describe('wrong method', () => {
  it('is 405 with Allow on a path that exists, 404 on one that does not', async () => {
    const h = makeHarness();
    const health = await h.app.request('/health', { method: 'POST' });
    expect(health.status).toBe(405);
    expect(health.headers.get('allow')).toBe('GET, HEAD');
    expect((await health.json()).error.code).toBe('method_not_allowed');
    const auth = { authorization: `Bearer ${await tokenFor('superadmin')}` };
    const world = await h.app.request('/api/v1/admin/world/pause', { method: 'GET', headers: auth });
    expect(world.status).toBe(405);
    expect(world.headers.get('allow')).toBe('POST');
    const actor = await h.app.request('/api/v1/admin/actors/npc:kafra', { method: 'DELETE', headers: auth });
    expect(actor.status).toBe(405);
    expect((await h.app.request('/api/v1/admin/nothing-here', { headers: auth })).status).toBe(404);
    expect((await h.app.request('/api/v1/nothing', { method: 'POST' })).status).toBe(404);
  });
});
