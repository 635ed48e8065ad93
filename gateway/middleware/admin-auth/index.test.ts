import { describe, expect, it } from 'vitest';
import { sign } from 'hono/jwt';
import { TEST_SECRET, makeHarness } from '../../testing/harness.ts';
import { MAX_TOKEN_LIFETIME_S } from './index.ts';

const bearer = async (claims: Record<string, unknown>) => ({ authorization: `Bearer ${await sign(claims, TEST_SECRET, 'HS256')}` });
const nowS = () => Math.floor(Date.now() / 1000);

describe('admin tokens must expire, and soon', () => {
  it('refuses a token without exp', async () => {
    const h = makeHarness();
    const res = await h.app.request('/api/v1/admin/actors', { headers: await bearer({ sub: 'a', role: 'superadmin' }) });
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toMatch(/exp/);
  });

  it('refuses a token that lives longer than the bound, from now or from its iat', async () => {
    const h = makeHarness();
    const far = await h.app.request('/api/v1/admin/actors', { headers: await bearer({ sub: 'a', role: 'gm', exp: nowS() + MAX_TOKEN_LIFETIME_S + 60 }) });
    expect(far.status).toBe(401);
    const longIssued = await h.app.request('/api/v1/admin/actors', { headers: await bearer({ sub: 'a', role: 'gm', iat: nowS() - 2 * MAX_TOKEN_LIFETIME_S, exp: nowS() + 60 }) });
    expect(longIssued.status).toBe(401);
    const fine = await h.app.request('/api/v1/admin/actors', { headers: await bearer({ sub: 'a', role: 'gm', iat: nowS(), exp: nowS() + 3600 }) });
    expect(fine.status).toBe(200);
  });
});
