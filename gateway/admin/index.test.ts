import { describe, expect, it } from 'vitest';
import { ROLES, roleAtLeast, type Role } from '../types.ts';
import { auditBy, ADMIN_SERVICE_KEY, BRIDGE_KEY, makeHarness, tokenFor } from '../testing/harness.ts';
import { sign } from 'hono/jwt';

interface AdminRoute {
  method: string;
  path: string;
  body?: unknown;
  min: Role;
  write: boolean;
}

/** Every admin route, with the least role that may call it. */
const ROUTES: AdminRoute[] = [
  { method: 'GET', path: '/api/v1/admin/actors?kind=npc', min: 'gm', write: false },
  { method: 'GET', path: '/api/v1/admin/actors/npc:kafra', min: 'gm', write: false },
  { method: 'GET', path: '/api/v1/admin/actors/npc:kafra/machine', min: 'gm', write: false },
  { method: 'GET', path: '/api/v1/admin/actors/npc:kafra/machine/layout', min: 'gm', write: false },
  { method: 'POST', path: '/api/v1/admin/actors/npc:kafra/pause', min: 'gm', write: true },
  { method: 'POST', path: '/api/v1/admin/actors/npc:kafra/resume', min: 'gm', write: true },
  { method: 'POST', path: '/api/v1/admin/actors/npc:kafra/step', min: 'gm', write: true },
  { method: 'POST', path: '/api/v1/admin/kinds/npc/pause', min: 'gm', write: true },
  { method: 'POST', path: '/api/v1/admin/kinds/npc/resume', min: 'gm', write: true },
  { method: 'POST', path: '/api/v1/admin/kinds/npc/step', min: 'gm', write: true },
  { method: 'POST', path: '/api/v1/admin/actors/npc:kafra/events', body: { type: 'wake', reason: 'test' }, min: 'admin', write: true },
  { method: 'GET', path: '/api/v1/admin/world', min: 'gm', write: false },
  { method: 'POST', path: '/api/v1/admin/world/pause', min: 'gm', write: true },
  { method: 'POST', path: '/api/v1/admin/world/resume', min: 'gm', write: true },
  { method: 'POST', path: '/api/v1/admin/world/step', min: 'gm', write: true },
  { method: 'PUT', path: '/api/v1/admin/world/speed', body: { speed: 4 }, min: 'admin', write: true },
  { method: 'POST', path: '/api/v1/admin/world/snapshot', min: 'admin', write: true },
  { method: 'GET', path: '/api/v1/admin/dead-letters', min: 'gm', write: false },
  { method: 'GET', path: '/api/v1/admin/census', min: 'gm', write: false },
  { method: 'GET', path: '/api/v1/admin/audit', min: 'admin', write: false },
  { method: 'GET', path: '/api/v1/admin/config', min: 'superadmin', write: false },
  { method: 'PATCH', path: '/api/v1/admin/config', body: { leaseMs: 45_000 }, min: 'superadmin', write: true },
];

const call = (h: ReturnType<typeof makeHarness>, r: AdminRoute, headers: Record<string, string>) =>
  h.app.request(r.path, {
    method: r.method,
    headers: { ...headers, ...(r.body ? { 'content-type': 'application/json' } : {}) },
    body: r.body ? JSON.stringify(r.body) : undefined,
  });

describe('admin auth matrix', () => {
  for (const route of ROUTES) {
    it(`${route.method} ${route.path}: 401 without credentials, 403 below ${route.min}, 2xx from ${route.min} up`, async () => {
      const h = makeHarness();
      const anonymous = await call(h, route, {});
      expect(anonymous.status).toBe(401);
      expect((await anonymous.json()).error.code).toBe('unauthorized');
      const bridgeKey = await call(h, route, { 'x-api-key': BRIDGE_KEY });
      expect(bridgeKey.status).toBe(401); // a bridge key is not an admin key
      for (const role of ROLES) {
        const res = await call(h, route, { authorization: `Bearer ${await tokenFor(role)}` });
        const allowed = roleAtLeast(role, route.min);
        expect({ role, status: res.status }).toEqual({ role, status: allowed ? (res.status === 202 ? 202 : 200) : 403 });
      }
      const allowedRoles = ROLES.filter((r) => roleAtLeast(r, route.min)).length;
      expect((await auditBy(h, 'accepted')).length).toBe(route.write ? allowedRoles : 0);
      // a write refused for its role is on record (403 and why); a failed authentication names nobody
      expect((await auditBy(h, 'refused')).map((e) => e.outcome.status)).toEqual(route.write ? Array(ROLES.length - allowedRoles).fill(403) : []);
      // refused calls asked nothing of the runtime: every write seen comes from an allowed role
      if (!route.write) expect(h.world.writes()).toEqual([]);
    });
  }

  it('accepts a service API key as role admin, not superadmin', async () => {
    const h = makeHarness();
    const headers = { 'x-api-key': ADMIN_SERVICE_KEY };
    expect((await h.app.request('/api/v1/admin/world/snapshot', { method: 'POST', headers })).status).toBe(200);
    expect((await h.app.request('/api/v1/admin/config', { headers })).status).toBe(403);
    const [entry] = await h.audit.recent(1);
    expect(entry!.admin_user).toMatch(/^service:/);
  });

  it('refuses expired, wrongly signed and role-less tokens', async () => {
    const h = makeHarness();
    const expired = await sign({ sub: 'a', role: 'superadmin', exp: Math.floor(Date.now() / 1000) - 10 }, 'test-secret-that-is-long-enough', 'HS256');
    const forged = await sign({ sub: 'a', role: 'superadmin', exp: Math.floor(Date.now() / 1000) + 100 }, 'another-secret-entirely!', 'HS256');
    const roleless = await sign({ sub: 'a', exp: Math.floor(Date.now() / 1000) + 100 }, 'test-secret-that-is-long-enough', 'HS256');
    const godlike = await sign({ sub: 'a', role: 'god', exp: Math.floor(Date.now() / 1000) + 100 }, 'test-secret-that-is-long-enough', 'HS256');
    for (const token of [expired, forged, roleless, godlike, 'not.a.jwt']) {
      const res = await h.app.request('/api/v1/admin/world', { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
    }
    expect((await h.app.request('/api/v1/admin/world', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
  });
});
