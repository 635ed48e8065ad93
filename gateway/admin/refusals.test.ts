import { describe, expect, it } from 'vitest';
import { auditBy, makeHarness, tokenFor } from '../testing/harness.ts';

describe('the audit log records how each admin request ended', () => {
  it('refusals are kept with status and reason, and do nothing; accepted writes are kept as accepted', async () => {
    const h = makeHarness();
    const headers = { authorization: `Bearer ${await tokenFor('gm')}` };
    for (const verb of ['pause', 'resume', 'step']) {
      const res = await h.app.request(`/api/v1/admin/kinds/zzz/${verb}`, { method: 'POST', headers });
      expect(res.status, verb).toBe(404);
      expect((await res.json()).error.code).toBe('kind_not_found');
    }
    expect((await h.app.request('/api/v1/admin/kinds/npc/pause', { method: 'POST', headers: { authorization: `Bearer ${await tokenFor('player')}` } })).status).toBe(403);
    expect(h.world.writes()).toEqual([]);
    expect(await auditBy(h, 'accepted')).toEqual([]);
    const refused = await auditBy(h, 'refused');
    expect(refused.map((e) => [e.action_type, e.outcome.status])).toEqual([
      ['POST /api/v1/admin/kinds/zzz/pause', 404],
      ['POST /api/v1/admin/kinds/zzz/resume', 404],
      ['POST /api/v1/admin/kinds/zzz/step', 404],
      ['POST /api/v1/admin/kinds/npc/pause', 403],
    ]);
    expect(refused[0]!.outcome.reason).toMatch(/zzz/);
    expect(refused[3]!.admin_user).toBe('player-user');

    expect((await h.app.request('/api/v1/admin/kinds/npc/pause', { method: 'POST', headers })).status).toBe(200);
    expect((await auditBy(h, 'accepted')).map((e) => e.action_type)).toEqual(['kind.pause']);
  });

  it('an accepted write that then fails gets a second entry saying so', async () => {
    const h = makeHarness();
    h.world.stepWorld = async () => {
      throw new Error('tick failed');
    };
    const res = await h.app.request('/api/v1/admin/world/step', { method: 'POST', headers: { authorization: `Bearer ${await tokenFor('gm')}` } });
    expect(res.status).toBe(500);
    expect((await auditBy(h, 'accepted')).map((e) => e.action_type)).toEqual(['world.step']);
    expect((await auditBy(h, 'failed')).map((e) => [e.action_type, e.outcome])).toEqual([['world.step', { result: 'failed', status: 500, reason: 'internal error' }]]);
  });
});
