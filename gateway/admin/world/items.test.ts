import { describe, expect, it } from 'vitest';
import { makeHarness, tokenFor } from '../../testing/harness.ts';

describe('item names for the dashboard', () => {
  it('lists the facts’ items by id and name, so prices show names (gm+)', async () => {
    const h = makeHarness();
    const res = await h.app.request('/api/v1/admin/items', { headers: { authorization: `Bearer ${await tokenFor('gm')}` } });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { id: number; name: string }[] };
    expect(items).toContainEqual({ id: 501, name: 'Red Potion' });
    expect(items.find((i) => i.id === 909)?.name).toBe('Jellopy');
    expect((await h.app.request('/api/v1/admin/items', { headers: { authorization: `Bearer ${await tokenFor('player')}` } })).status).toBe(403);
  });
});
