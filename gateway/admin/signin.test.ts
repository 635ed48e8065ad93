import { describe, expect, it } from 'vitest';
import { makeHarness, TEST_SECRET } from '../testing/harness.ts';
import { mintSignInTicket, SIGNIN_PATH } from './signin.ts';

const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });
const post = (h: ReturnType<typeof makeHarness>, ticket: string, address = '127.0.0.1') =>
  h.app.request(SIGNIN_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ticket }) }, from(address));

describe('one-time sign-in link', () => {
  it('trades a ticket once, from this machine, for a token the admin API accepts', async () => {
    const h = makeHarness();
    const ticket = await mintSignInTicket(TEST_SECRET, { sub: 'local-admin', role: 'superadmin' });
    const res = await post(h, ticket, '::ffff:127.0.0.1');
    expect(res.status).toBe(200);
    const { token, role } = await res.json();
    expect(role).toBe('superadmin');
    const world = await h.app.request('/api/v1/admin/config', { headers: { authorization: `Bearer ${token}` } });
    expect(world.status).toBe(200);
    const again = await post(h, ticket);
    expect(again.status).toBe(401);
    expect((await again.json()).error.code).toBe('ticket_used');
  });

  it('refuses other machines without using up the ticket', async () => {
    const h = makeHarness();
    const ticket = await mintSignInTicket(TEST_SECRET, { sub: 'local-admin', role: 'admin' });
    const remote = await post(h, ticket, '10.0.0.7');
    expect(remote.status).toBe(403);
    expect((await h.app.request(SIGNIN_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ticket }) })).status).toBe(403);
    expect((await post(h, ticket)).status).toBe(200);
  });

  it('a ticket is not a bearer token, and tickets from another secret or expired ones are refused', async () => {
    const h = makeHarness();
    const ticket = await mintSignInTicket(TEST_SECRET, { sub: 'x', role: 'superadmin' });
    expect((await h.app.request('/api/v1/admin/world', { headers: { authorization: `Bearer ${ticket}` } })).status).toBe(401);
    const foreign = await mintSignInTicket('some-other-secret-long-enough', { sub: 'x', role: 'superadmin' });
    expect((await post(h, foreign)).status).toBe(401);
    const old = await mintSignInTicket(TEST_SECRET, { sub: 'x', role: 'superadmin' }, Date.now() - 3600_000);
    expect((await post(h, old)).status).toBe(401);
  });

  it('is off when the gateway has no secret', async () => {
    const h = makeHarness({ jwtSecret: null });
    const ticket = await mintSignInTicket(TEST_SECRET, { sub: 'x', role: 'admin' });
    const res = await post(h, ticket);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('signin_disabled');
  });
});
