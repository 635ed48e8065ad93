import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { sign } from 'hono/jwt';
import { authFailureLimit } from './index.ts';
import { BRIDGE_KEY, TEST_SECRET, makeHarness, tokenFor } from '../../testing/harness.ts';

/** app.request with a peer address, as a real socket would give */
const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

describe('failed authentication is rate-limited per address', () => {
  it('refuses an address with 429 and Retry-After after 20 failures, whatever it guesses next', async () => {
    const h = makeHarness();
    const guess = (headers: Record<string, string>, who = '10.0.0.9') => h.app.request('/api/v1/actions/pending', { headers }, from(who));
    for (let i = 0; i < 20; i++) expect((await guess({ 'x-api-key': `guess-${i}` })).status).toBe(401);
    const refused = await guess({ 'x-api-key': 'guess-21' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // even the right key: a guesser that found it must not learn so
    expect((await guess({ 'x-api-key': BRIDGE_KEY })).status).toBe(429);
    // admin tokens and admin keys count against the same address, and other addresses are not affected
    expect((await h.app.request('/api/v1/admin/world/clock', { headers: { authorization: 'Bearer nope' } }, from('10.0.0.9'))).status).toBe(429);
    expect((await guess({ 'x-api-key': BRIDGE_KEY }, '10.0.0.10')).status).toBe(200);
    const admin = await h.app.request('/api/v1/admin/actors', { headers: { authorization: `Bearer ${await tokenFor('gm')}` } }, from('10.0.0.10'));
    expect(admin.status).toBe(200);
  });

  it('counts bad JWTs and unknown admin keys too', async () => {
    const h = makeHarness();
    const noExp = await sign({ sub: 'a', role: 'superadmin' }, TEST_SECRET, 'HS256');
    for (let i = 0; i < 10; i++) expect((await h.app.request('/api/v1/admin/actors', { headers: { authorization: `Bearer ${noExp}` } }, from('10.0.0.7'))).status).toBe(401);
    for (let i = 0; i < 10; i++) expect((await h.app.request('/api/v1/admin/actors', { headers: { 'x-api-key': `k${i}` } }, from('10.0.0.7'))).status).toBe(401);
    expect((await h.app.request('/api/v1/admin/actors', { headers: { 'x-api-key': 'k' } }, from('10.0.0.7'))).status).toBe(429);
  });

  it('a bridge sharing its address with a guesser keeps working with its proven key; the guesser gets 429 for everything else', async () => {
    const h = makeHarness();
    const shared = '10.0.0.20';
    const call = (headers: Record<string, string>, path = '/api/v1/actions/pending') => h.app.request(path, { headers }, from(shared));
    // the bridge authenticated from this address before the guessing started
    expect((await call({ 'x-api-key': BRIDGE_KEY })).status).toBe(200);
    for (let i = 0; i < 20; i++) expect((await call({ 'x-api-key': `guess-${i}` })).status).toBe(401);
    // blocked: every guess and every request without proven credentials gets the same 429
    const refused = [await call({ 'x-api-key': 'guess-21' }), await call({}), await call({ authorization: 'Bearer nope' }, '/api/v1/admin/actors')];
    for (const res of refused) expect(res.status).toBe(429);
    const bodies = await Promise.all(refused.map((r) => r.json()));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    // an admin token that is valid but was never used from here learns nothing either: same 429
    const adminHere = await call({ authorization: `Bearer ${await tokenFor('gm')}` }, '/api/v1/admin/actors');
    expect(adminHere.status).toBe(429);
    expect(await adminHere.json()).toEqual(bodies[0]);
    // the bridge's own key still passes, again and again, and does not lift the block for the guesser
    for (let i = 0; i < 3; i++) expect((await call({ 'x-api-key': BRIDGE_KEY })).status).toBe(200);
    expect((await call({ 'x-api-key': 'guess-22' })).status).toBe(429);
  });

  it('a proven credential that stops verifying no longer passes a block', async () => {
    let t = 0;
    const valid = new Set(['k1']);
    const app = new Hono<{ Variables: { clientAddress: string | null; principal: unknown } }>();
    app.use('*', async (c, next) => {
      c.set('clientAddress', '10.0.0.30');
      await next();
    });
    app.use('*', authFailureLimit({ limit: 2, windowMs: 1000, now: () => t }) as never);
    app.get('/x', (c) => {
      const key = c.req.header('x-api-key') ?? '';
      if (!valid.has(key)) return c.json({}, 401);
      c.set('principal', { sub: key });
      return c.json({}, 200);
    });
    const get = (key: string) => app.request('/x', { headers: { 'x-api-key': key } });
    expect((await get('k1')).status).toBe(200);
    valid.delete('k1'); // revoked
    expect((await get('k1')).status).toBe(401);
    expect((await get('g')).status).toBe(401);
    expect((await get('k1')).status).toBe(429);
    valid.add('k1');
    t = 1001; // window over: it may prove itself again
    expect((await get('k1')).status).toBe(200);
  });
});
