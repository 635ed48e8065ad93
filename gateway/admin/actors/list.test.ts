import { describe, expect, it } from 'vitest';
import { makeHarness, tokenFor } from '../../testing/harness.ts';
import { RecordingWorld } from '../../testing/RecordingWorld.ts';
import { compareActorIds } from './list.ts';

const NAMES: Record<string, string> = { 'npc:2': 'Alice', 'npc:10': 'Bjorn', 'npc:11': 'Malice' };

describe('the actor list', () => {
  // inserted out of order, as a restored or growing world registers them
  const ids = ['npc:10', 'faction:prontera', 'npc:2', 'npc:0', 'npc:11', 'npc:1', 'market:geffen'];
  const request = async (query: string) => {
    const h = makeHarness({}, { runtime: new RecordingWorld(ids), actorName: (id) => NAMES[id] });
    const res = await h.app.request(`/api/v1/admin/actors?${query}`, { headers: { authorization: `Bearer ${await tokenFor('gm')}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as { total: number; items: { id: string; name?: string }[] };
  };

  it('is in id order with numbers compared as numbers, the same order across pages', async () => {
    const pages = [await request('limit=3'), await request('limit=3&offset=3'), await request('limit=3&offset=6')];
    expect(pages.flatMap((p) => p.items.map((a) => a.id))).toEqual(['faction:prontera', 'market:geffen', 'npc:0', 'npc:1', 'npc:2', 'npc:10', 'npc:11']);
    expect(pages.map((p) => p.total)).toEqual([7, 7, 7]);
    expect(['npc:10', 'npc:2', 'npc:1'].sort(compareActorIds)).toEqual(['npc:1', 'npc:2', 'npc:10']);
  });

  it('finds NPCs by name as well as by id, case-insensitively, and shows the name', async () => {
    const byName = await request('q=alice');
    expect(byName.items).toMatchObject([{ id: 'npc:2', name: 'Alice' }, { id: 'npc:11', name: 'Malice' }]);
    expect(byName.total).toBe(2);
    expect((await request('q=npc:1')).items.map((a) => a.id)).toEqual(['npc:1', 'npc:10', 'npc:11']);
    expect((await request('q=BJ&kind=npc')).items.map((a) => a.id)).toEqual(['npc:10']);
  });
});
