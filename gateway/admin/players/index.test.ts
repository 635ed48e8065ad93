import { describe, expect, it } from 'vitest';
import { auditBy, makeHarness, tokenFor } from '../../testing/harness.ts';

const dump = (id: number, rows: number) => ({ player_id: id, exported_at: '2026-01-01T00:00:00.000Z', tables: { quests: Array.from({ length: rows }, (_, i) => ({ id: i })), karma: [], admin_audit_log: [{ id: 1 }] } });

describe('GDPR export through the gateway', () => {
  it('admin+ gets the export, audited; a player nothing concerns is 404; gm is refused', async () => {
    const h = makeHarness({}, { players: { exportPlayer: async (id) => dump(id, id === 7 ? 2 : 0) } });
    const admin = { authorization: `Bearer ${await tokenFor('admin')}` };
    const ok = await h.app.request('/api/v1/admin/players/7/export', { headers: admin });
    expect(ok.status).toBe(200);
    expect((await ok.json()).tables.quests).toHaveLength(2);
    const missing = await h.app.request('/api/v1/admin/players/8/export', { headers: admin });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('player_not_found');
    expect((await h.app.request('/api/v1/admin/players/0/export', { headers: admin })).status).toBe(400);
    expect((await h.app.request('/api/v1/admin/players/7/export', { headers: { authorization: `Bearer ${await tokenFor('gm')}` } })).status).toBe(403);
    expect((await auditBy(h, 'accepted')).map((a) => a.action_data)).toEqual([{ player_id: 7 }, { player_id: 8 }]);
    // the export of a player nothing concerns was accepted, then answered 404: a second entry says so
    expect((await auditBy(h, 'failed')).map((a) => [a.action_data, a.outcome.status])).toEqual([[{ player_id: 8 }, 404]]);
  });

  it('without player data the route says so', async () => {
    const h = makeHarness();
    const res = await h.app.request('/api/v1/admin/players/7/export', { headers: { authorization: `Bearer ${await tokenFor('admin')}` } });
    expect(res.status).toBe(501);
  });
});
