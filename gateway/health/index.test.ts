import { describe, expect, it } from 'vitest';
import { bridgeHeaders, makeHarness } from '../testing/harness.ts';

describe('health, readiness, metrics', () => {
  it('/health answers while /ready follows the database and the runtime', async () => {
    let db = true;
    let running = true;
    const h = makeHarness({}, { ready: async () => db, running: () => running });
    expect((await h.app.request('/health')).status).toBe(200);
    expect(await (await h.app.request('/ready')).json()).toEqual({ status: 'ready', role: 'all', database: true, runtime: true, tick: expect.any(Number) });
    db = false;
    const down = await h.app.request('/ready');
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ database: false, runtime: true });
    db = true;
    running = false;
    expect((await h.app.request('/ready')).status).toBe(503);
  });

  it('a gateway node says its role and is ready without a runtime of its own', async () => {
    const h = makeHarness({}, { role: 'gateway', running: () => false });
    expect(await (await h.app.request('/health')).json()).toEqual({ status: 'ok', role: 'gateway', tick: null });
    const ready = await h.app.request('/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', role: 'gateway', database: true, runtime: null, tick: null });
  });

  it('treats a readiness probe that throws as not ready', async () => {
    const h = makeHarness({}, { ready: async () => { throw new Error('ECONNREFUSED'); } });
    expect((await h.app.request('/ready')).status).toBe(503);
  });

  it('/metrics exposes http metrics by route pattern (not raw path) plus the mission metrics', async () => {
    const h = makeHarness();
    await h.app.request('/api/v1/actions/pending', { headers: bridgeHeaders });
    const text = await (await h.app.request('/metrics')).text();
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/api\/v1\/actions\/pending",status="200"\} \d+/);
    expect(text).toContain('http_request_duration_seconds_bucket');
    for (const name of ['gateway_events_total', 'gateway_journal_appends_total', 'gateway_open_streams', 'agent_execution_time_seconds', 'llm_api_calls_total', 'llm_cost_daily_usd', 'decision_cache_hit_rate', 'database_query_duration_seconds', 'process_cpu_user_seconds_total']) {
      expect(text).toContain(name);
    }
    await h.app.request('/api/v1/admin/actors/npc:whoever-123', { headers: {} });
    const after = await (await h.app.request('/metrics')).text();
    expect(after).not.toContain('whoever-123');
  });
});

describe('response hygiene', () => {
  it('sends security headers and never reveals internals on a 500', async () => {
    const h = makeHarness();
    h.world.listActors = () => {
      throw new Error('secret internal detail at /srv/db');
    };
    const { tokenFor } = await import('../testing/harness.ts');
    const res = await h.app.request('/api/v1/admin/actors', { headers: { authorization: `Bearer ${await tokenFor('gm')}` } });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: 'internal', message: 'internal error' } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await h.app.request('/health')).headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});

describe('/ready says why, /metrics is not for everyone', () => {
  const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

  it('/ready answers 503 with Retry-After and the reason the database is not usable', async () => {
    const h = makeHarness({}, { ready: async () => { throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }); } });
    const res = await h.app.request('/ready');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect(await res.json()).toMatchObject({ status: 'not_ready', database: false, reason: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('/metrics: the key or an admin from anywhere, anyone only from this machine when no key is set', async () => {
    const { tokenFor } = await import('../testing/harness.ts');
    const open = makeHarness();
    expect((await open.app.request('/metrics', {}, from('127.0.0.1'))).status).toBe(200);
    expect((await open.app.request('/metrics', {}, from('203.0.113.5'))).status).toBe(401);
    expect((await open.app.request('/metrics', { headers: { authorization: `Bearer ${await tokenFor('gm')}` } }, from('203.0.113.5'))).status).toBe(200);
    expect((await open.app.request('/metrics', { headers: { authorization: `Bearer ${await tokenFor('player')}` } }, from('203.0.113.5'))).status).toBe(403);

    const keyed = makeHarness({ metricsKey: 'scrape-key-0123456789' });
    expect((await keyed.app.request('/metrics', {}, from('127.0.0.1'))).status).toBe(401);
    expect((await keyed.app.request('/metrics', { headers: { authorization: 'Bearer scrape-key-0123456789' } }, from('203.0.113.5'))).status).toBe(200);
    expect((await keyed.app.request('/metrics', { headers: { 'x-api-key': 'scrape-key-0123456789' } }, from('203.0.113.5'))).status).toBe(200);
    expect((await keyed.app.request('/metrics', { headers: { 'x-api-key': 'wrong' } }, from('203.0.113.5'))).status).toBe(401);
  });
});
