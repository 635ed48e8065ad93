import { describe, expect, it } from 'vitest';
import { sign } from 'hono/jwt';
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
});
