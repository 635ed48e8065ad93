import { describe, expect, it } from 'vitest';
import { auditBy, makeHarness, tokenFor } from '../../testing/harness.ts';

describe('admin config API', () => {
  it('shows settings without secrets and applies a valid patch to the next request', async () => {
    const h = makeHarness();
    const auth = { authorization: `Bearer ${await tokenFor('superadmin')}`, 'content-type': 'application/json' };
    const view = await (await h.app.request('/api/v1/admin/config', { headers: auth })).json();
    expect(view.settings).toEqual({ limits: { publicPerMinute: 100, playerPerSecond: 10, adminPerMinute: 50 }, leaseMs: 30_000, pendingBatch: 50 });
    expect(JSON.stringify(view)).not.toContain('test-secret');
    const patched = await h.app.request('/api/v1/admin/config', { method: 'PATCH', headers: auth, body: '{"limits":{"adminPerMinute":3},"pendingBatch":2}' });
    expect(patched.status).toBe(200);
    expect((await patched.json()).settings).toMatchObject({ limits: { adminPerMinute: 3, playerPerSecond: 10 }, pendingBatch: 2 });
    // the new limit holds at once: the PATCH was write 1 of 3, so two more writes pass, then 429
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await h.app.request('/api/v1/admin/config', { method: 'PATCH', headers: auth, body: '{"pendingBatch":2}' })).status);
    expect(statuses).toEqual([200, 200, 429]);
    const entries = await auditBy(h, 'accepted');
    expect(entries[0]).toMatchObject({ action_type: 'config.update', admin_user: 'superadmin-user', action_data: { limits: { adminPerMinute: 3 }, pendingBatch: 2 } });
    expect(entries).toHaveLength(3); // the fourth write was refused: on record as such, with its 429
    expect((await auditBy(h, 'refused')).map((e) => e.outcome.status)).toEqual([429]);
  });

  it('refuses an invalid patch as a whole: nothing changes, nothing audited', async () => {
    const h = makeHarness();
    const auth = { authorization: `Bearer ${await tokenFor('superadmin')}`, 'content-type': 'application/json' };
    for (const body of ['{"leaseMs":5,"pendingBatch":7}', '{"limits":{"adminPerMinute":"many"}}', '{"jwtSecret":"x"}', '{"limits":{"other":1}}', 'null']) {
      const res = await h.app.request('/api/v1/admin/config', { method: 'PATCH', headers: auth, body });
      expect(res.status).toBe(400);
    }
    expect(h.deps.config.settings.pendingBatch).toBe(50);
    expect(h.deps.config.settings.leaseMs).toBe(30_000);
    expect(await auditBy(h, 'accepted')).toEqual([]);
  });
});
