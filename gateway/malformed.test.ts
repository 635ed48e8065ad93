import { describe, expect, it } from 'vitest';
import { auditBy, ADMIN_SERVICE_KEY, BRIDGE_KEY, loginEvent, makeHarness, TEST_SECRET } from './testing/harness.ts';
import { sign } from 'hono/jwt';

/** A tiny seeded PRNG (mulberry32) so a failure names a reproducible case. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEIRD: unknown[] = [null, true, -1, 1.5, 2 ** 60, '', ' ', 'x'.repeat(300), '<script>alert(1)</script>', [], {}, [1], { a: 1 }, 'NaN', '1e999', '\u0000', '🙂'];

/** Mutate a valid value: drop, retype or add a field somewhere. */
function mutate(value: any, random: () => number): any {
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  if (value === null || typeof value !== 'object') return pick(WEIRD);
  const copy: any = Array.isArray(value) ? [...value] : { ...value };
  const keys = Object.keys(copy);
  const roll = random();
  if (roll < 0.25 && keys.length > 0) delete copy[pick(keys)];
  else if (roll < 0.5) copy[pick(['extra', 'colour', '__proto__x', 'constructor'])] = pick(WEIRD);
  else if (keys.length > 0) {
    const k = pick(keys);
    copy[k] = random() < 0.5 ? pick(WEIRD) : mutate(copy[k], random);
  } else copy.x = 1;
  return copy;
}

const RAW_GARBAGE = ['', '{', '}', '[]', 'null', '"events"', '{"events":', '{"events":[}', '\u0000\u0001', '{"events":[],}', 'events=1', '{"a":1}'.repeat(3)];

describe('malformed input never causes a 5xx and never writes', () => {
  it('survives a few hundred generated bad requests across bridge and admin routes', async () => {
    const h = makeHarness();
    const random = rng(20261124);
    const superadmin = { authorization: `Bearer ${await sign({ sub: 'fuzz', role: 'superadmin', exp: Math.floor(Date.now() / 1000) + 3600 }, TEST_SECRET, 'HS256')}` };
    const targets: { method: string; path: string; valid: unknown; headers: Record<string, string> }[] = [
      { method: 'POST', path: '/api/v1/events/dispatch', valid: { events: [loginEvent(1), loginEvent(2)] }, headers: { 'x-api-key': BRIDGE_KEY } },
      { method: 'POST', path: '/api/v1/actions/complete', valid: { action_id: 'a-1', status: 'completed', message: 'ok', timestamp: 1 }, headers: { 'x-api-key': BRIDGE_KEY } },
      { method: 'POST', path: '/api/v1/admin/actors/npc:kafra/events', valid: { type: 'wake' }, headers: superadmin },
      { method: 'PUT', path: '/api/v1/admin/world/speed', valid: { speed: 2 }, headers: superadmin },
      { method: 'PATCH', path: '/api/v1/admin/config', valid: { leaseMs: 40_000 }, headers: superadmin },
    ];
    await h.outbox.enqueue([{ action_id: 'a-1', action_type: 'broadcast_message', payload: { message: 'hi' } }]);
    h.deps.config.settings.limits.adminPerMinute = 1_000_000;
    // everything a request could change; a refused request must leave it identical
    const fingerprint = async () =>
      JSON.stringify([h.journal.size, (await auditBy(h, 'accepted')).length, h.world.writes().length, h.deps.config.settings, await h.outbox.get('a-1')]);
    let cases = 0;
    const statuses = new Map<number, number>();
    for (let round = 0; round < 60; round++) {
      for (const t of targets) {
        let body: string;
        if (round < RAW_GARBAGE.length) body = RAW_GARBAGE[round]!;
        else {
          let v: any = t.valid;
          const depth = 1 + Math.floor(random() * 3);
          for (let i = 0; i < depth; i++) v = mutate(v, random);
          body = JSON.stringify(v) ?? 'undefined';
        }
        const contentType = random() < 0.9 ? 'application/json' : pickCt(random);
        const before = await fingerprint();
        const res = await h.app.request(t.path, { method: t.method, headers: { ...t.headers, 'content-type': contentType }, body });
        cases++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const text = await res.text();
        expect(res.status, `${t.method} ${t.path} ${body.slice(0, 200)} → ${text}`).toBeLessThan(500);
        if (res.status >= 400) {
          expect(JSON.parse(text).error, text).toEqual({ code: expect.any(String), message: expect.any(String) });
          expect(await fingerprint(), `${t.path} ${body.slice(0, 200)} wrote on ${res.status}`).toBe(before);
        }
      }
    }
    expect(cases).toBeGreaterThanOrEqual(300);
    expect(statuses.get(400)).toBeGreaterThan(200);
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
  });

  it('ignores unknown admin keys and never echoes a bad key', async () => {
    const h = makeHarness();
    const res = await h.app.request('/api/v1/admin/world', { headers: { 'x-api-key': `${ADMIN_SERVICE_KEY}x` } });
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain(ADMIN_SERVICE_KEY);
  });
});

function pickCt(random: () => number): string {
  const cts = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/json; charset=latin1'];
  return cts[Math.floor(random() * cts.length)]!;
}
