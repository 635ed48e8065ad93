import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kinds } from '../../../actors/catalogue.ts';
import { makeHarness, tokenFor } from '../../testing/harness.ts';

describe('admin panels API', () => {
  it("lists the catalogue's panels in its order, for gm and above", async () => {
    const h = makeHarness();
    (h.world as unknown as { kinds: Map<string, unknown> }).kinds = new Map(kinds.map((k) => [k.kind, k]));
    const res = await h.app.request('/api/v1/admin/panels', { headers: { authorization: `Bearer ${await tokenFor('gm')}` } });
    expect(res.status).toBe(200);
    expect((await res.json()).items).toEqual([
      { kind: 'economy', title: 'Economy prices', ids: ['economy:main'] },
      { kind: 'arc', title: 'Story arcs', ids: ['arc:main'] },
      { kind: 'faction', title: 'Faction standings', ids: ['faction:prontera_guard', 'faction:geffen_magi', 'faction:payon_archers', 'faction:morocc_thieves'] },
      { kind: 'problem', title: 'World problems', ids: ['problem:main'] },
    ]);
    expect((await h.app.request('/api/v1/admin/panels', { headers: { authorization: `Bearer ${await tokenFor('player')}` } })).status).toBe(403);
  });

  // a declared panel without a renderer is drawn as its actors' context trees; a renderer without a panel is stale
  it('has no renderer in the dashboard for a kind that declares no panel', () => {
    const page = readFileSync(fileURLToPath(new URL('../../ui/js/views/panels.js', import.meta.url)), 'utf8');
    const renderers = /const RENDERERS = \{([^}]*)\}/.exec(page)![1]!.split(',').map((s) => s.split(':')[0]!.trim()).filter(Boolean);
    expect(renderers.length).toBeGreaterThan(0);
    for (const kind of renderers) expect(kinds.filter((k) => k.panel).map((k) => k.kind), kind).toContain(kind);
  });
});
