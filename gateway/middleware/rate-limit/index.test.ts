import { describe, expect, it } from 'vitest';
import type { RateLimitStore } from '../../../persistence/types.ts';
import { makeHarness, tokenFor } from '../../testing/harness.ts';
import { DEFAULT_UI_DIR } from '../../static/index.ts';

describe('rate limits', () => {
  it('admin API: 50 per minute per admin, then 429 with Retry-After until the window turns', async () => {
    const h = makeHarness();
    h.clock.now = 1_800_000_000_000 + 15_000; // 15 s into a minute window
    const alice = { authorization: `Bearer ${await tokenFor('gm', 'alice')}` };
    const bob = { authorization: `Bearer ${await tokenFor('gm', 'bob')}` };
    // writes: reads have a budget of their own (gateway/app.ts ADMIN_READS_PER_WRITE)
    for (let i = 0; i < 50; i++) expect((await h.app.request('/api/v1/admin/world/resume', { method: 'POST', headers: alice })).status).toBe(200);
    const refused = await h.app.request('/api/v1/admin/world/pause', { method: 'POST', headers: alice });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('45');
    expect((await refused.json()).error.code).toBe('rate_limited');
    expect(h.world.writes().map((c) => c.method)).not.toContain('pause'); // the refused pause did nothing
    expect((await h.app.request('/api/v1/admin/world', { headers: bob })).status).toBe(200); // per admin
    h.clock.now += 45_000;
    expect((await h.app.request('/api/v1/admin/world', { headers: alice })).status).toBe(200);
  });

  it('public surfaces: 100 per minute per client address', async () => {
    const h = makeHarness();
    const from = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });
    for (let i = 0; i < 100; i++) expect((await h.app.request('/openapi.json', {}, from('192.0.2.1'))).status).toBe(200);
    const refused = await h.app.request('/docs', {}, from('192.0.2.1'));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await h.app.request('/docs', {}, from('192.0.2.2'))).status).toBe(200);
    expect((await h.app.request('/health', {}, from('192.0.2.1'))).status).toBe(200); // probes are not limited
  });

  it('dashboard: a page load counts once, not once per module it pulls in', async () => {
    const h = makeHarness({ uiDir: DEFAULT_UI_DIR });
    const from = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });
    for (let i = 0; i < 100; i++) expect((await h.app.request('/', {}, from('192.0.2.9'))).status).toBe(200);
    expect((await h.app.request('/app.css', {}, from('192.0.2.9'))).status).toBe(200); // assets are not counted
    expect((await h.app.request('/index.html', {}, from('192.0.2.9'))).status).toBe(429); // the 101st page load is
  });

  it('a failing store lets requests through rather than becoming the outage', async () => {
    const broken: RateLimitStore = { hit: async () => { throw new Error('redis down'); } };
    const h = makeHarness({}, { rateLimits: broken });
    const gm = { authorization: `Bearer ${await tokenFor('gm')}` };
    for (let i = 0; i < 60; i++) expect((await h.app.request('/api/v1/admin/world', { headers: gm })).status).toBe(200);
  });
});
