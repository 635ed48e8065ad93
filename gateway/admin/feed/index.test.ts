import { describe, expect, it } from 'vitest';
import { makeHarness, tokenFor } from '../../testing/harness.ts';

/** Collect SSE events until `until` says enough. */
async function collect(res: Response, until: (events: { event: string; data: any }[]) => boolean) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: any }[] = [];
  let buffer = '';
  while (!until(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const lines = buffer.slice(0, cut).split('\n');
      buffer = buffer.slice(cut + 2);
      const event = lines.find((l) => l.startsWith('event:'))?.slice(6).trim();
      const data = lines.find((l) => l.startsWith('data:'))?.slice(5).trim();
      if (event && data) events.push({ event, data: JSON.parse(data) });
    }
  }
  await reader.cancel();
  return events;
}

describe('GET /api/v1/admin/feed', () => {
  it('streams metrics at once, transitions of watched actors and every enqueued action', async () => {
    const h = makeHarness();
    const auth = { authorization: `Bearer ${await tokenFor('gm')}` };
    const res = await h.app.request('/api/v1/admin/feed?watch=npc:kafra', { headers: auth });
    expect(res.status).toBe(200);
    const done = collect(res, (es) => es.some((e) => e.event === 'transition') && es.some((e) => e.event === 'action'));
    await new Promise((r) => setTimeout(r, 20));
    await h.world.step('npc:kafra');
    await h.world.step('npc:guard'); // not watched
    await h.outbox.enqueue([{ action_id: 'a-9', action_type: 'broadcast_message', payload: { message: '<script>' } }]);
    const events = await done;
    expect(events[0]!.event).toBe('metrics');
    expect(events[0]!.data.clock).toHaveProperty('tick');
    const transitions = events.filter((e) => e.event === 'transition');
    expect(transitions.map((t) => t.data.actorId)).toEqual(['npc:kafra']);
    expect(events.find((e) => e.event === 'action')!.data).toMatchObject({ seq: 1, action_id: 'a-9', payload: { message: '<script>' } });
    await new Promise((r) => setTimeout(r, 10));
    expect(h.world.watchers.get('npc:kafra')!.size).toBe(0); // unsubscribed when the client left
  });

  it('requires gm and validates the watch list', async () => {
    const h = makeHarness();
    expect((await h.app.request('/api/v1/admin/feed')).status).toBe(401);
    expect((await h.app.request('/api/v1/admin/feed', { headers: { authorization: `Bearer ${await tokenFor('player')}` } })).status).toBe(403);
    const gm = { authorization: `Bearer ${await tokenFor('gm')}` };
    expect((await h.app.request('/api/v1/admin/feed?watch=bad id', { headers: gm })).status).toBe(400);
    const many = Array.from({ length: 21 }, (_, i) => `npc:n${i}`).join(',');
    expect((await h.app.request(`/api/v1/admin/feed?watch=${many}`, { headers: gm })).status).toBe(400);
    expect((await h.app.request('/api/v1/admin/feed?interval=5', { headers: gm })).status).toBe(400);
  });
});
