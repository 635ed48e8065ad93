import { describe, expect, it } from 'vitest';
import { makeHarness } from '../testing/harness.ts';

describe('refused admin requests leave no trace in the audit log', () => {
  it('unknown kinds get the same 404 from pause, resume and step, and nothing is audited', async () => {
    const { tokenFor } = await import('../testing/harness.ts');
    const h = makeHarness();
    const headers = { authorization: `Bearer ${await tokenFor('gm')}` };
    for (const verb of ['pause', 'resume', 'step']) {
      const res = await h.app.request(`/api/v1/admin/kinds/zzz/${verb}`, { method: 'POST', headers });
      expect(res.status, verb).toBe(404);
      expect((await res.json()).error.code).toBe('kind_not_found');
    }
    expect((await h.app.request('/api/v1/admin/kinds/npc/pause', { method: 'POST', headers: { authorization: `Bearer ${await tokenFor('player')}` } })).status).toBe(403);
    expect(await h.audit.recent(100)).toEqual([]);
    expect((await h.app.request('/api/v1/admin/kinds/npc/pause', { method: 'POST', headers })).status).toBe(200);
    expect(await h.audit.recent(100)).toHaveLength(1);
  });
});
