import { describe, expect, it } from 'vitest';
import { bridgeHeaders, makeHarness } from '../testing/harness.ts';

// the exact action of bridge-contract.md, "Actions: Midgard → game"
const CONTRACT_ACTION = {
  action_id: 'a-123', action_type: 'spawn_monster', target_map: 'prontera', target_player_id: 150001,
  priority: 1, payload: { map: 'prontera', x: 150, y: 180, monster_id: 1002, amount: 3 },
};
const CONTRACT_COMPLETE = '{"action_id": "a-123", "status": "completed", "message": "spawned 3", "timestamp": 1732628401000}';

const pending = (h: ReturnType<typeof makeHarness>, query = '') => h.app.request(`/api/v1/actions/pending${query}`, { headers: bridgeHeaders });
const complete = (h: ReturnType<typeof makeHarness>, body: string) =>
  h.app.request('/api/v1/actions/complete', { method: 'POST', body, headers: bridgeHeaders });

/** Read SSE frames from a streamed response until `count` `action` events arrived. */
async function readActions(res: Response, count: number): Promise<{ id: string; data: unknown }[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const out: { id: string; data: unknown }[] = [];
  while (out.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const fields = Object.fromEntries(frame.split('\n').filter((l) => !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
      if (fields.event === 'action') out.push({ id: fields.id!, data: JSON.parse(fields.data!) });
    }
  }
  await reader.cancel();
  return out;
}

describe('GET /api/v1/actions/pending', () => {
  it('returns contract-shaped actions and never hands one out twice while its lease runs', async () => {
    const h = makeHarness();
    await h.outbox.enqueue([CONTRACT_ACTION]);
    const first = await pending(h);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ actions: [CONTRACT_ACTION] });
    expect(await (await pending(h)).json()).toEqual({ actions: [] });
    h.clock.now += h.deps.config.settings.leaseMs; // lease expired: offered again
    expect(await (await pending(h)).json()).toEqual({ actions: [CONTRACT_ACTION] });
  });

  it('honours ?limit and refuses a bad one', async () => {
    const h = makeHarness();
    await h.outbox.enqueue([1, 2, 3].map((n) => ({ action_id: `a-${n}`, action_type: 'broadcast_message', payload: { message: `m${n}` } })));
    const page = await (await pending(h, '?limit=2')).json();
    expect(page.actions.map((a: { action_id: string }) => a.action_id)).toEqual(['a-1', 'a-2']);
    expect((await pending(h, '?limit=0')).status).toBe(400);
    expect((await pending(h, '?limit=abc')).status).toBe(400);
    expect((await pending(h, '?colour=red')).status).toBe(400);
    expect((await (await pending(h)).json()).actions.map((a: { action_id: string }) => a.action_id)).toEqual(['a-3']);
  });

  it('requires bridge credentials', async () => {
    const h = makeHarness();
    await h.outbox.enqueue([CONTRACT_ACTION]);
    expect((await h.app.request('/api/v1/actions/pending')).status).toBe(401);
    expect((await h.outbox.get('a-123'))!.status).toBe('pending');
  });
});

describe('POST /api/v1/actions/complete', () => {
  it("records the contract's exact completion and is idempotent", async () => {
    const h = makeHarness();
    await h.outbox.enqueue([CONTRACT_ACTION]);
    await pending(h);
    const res = await complete(h, CONTRACT_COMPLETE);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, action_id: 'a-123', status: 'completed' });
    expect(await h.outbox.get('a-123')).toMatchObject({ status: 'completed', resultMessage: 'spawned 3' });
    const again = await complete(h, CONTRACT_COMPLETE.replace('completed', 'failed'));
    expect(again.status).toBe(200);
    expect((await h.outbox.get('a-123'))!.status).toBe('completed'); // first completion wins
    h.clock.now += 10 * h.deps.config.settings.leaseMs;
    expect(await (await pending(h)).json()).toEqual({ actions: [] }); // never offered again
  });

  it('answers 404 for an unknown action and 400 for a bad status, changing nothing', async () => {
    const h = makeHarness();
    await h.outbox.enqueue([CONTRACT_ACTION]);
    expect((await complete(h, '{"action_id":"nope","status":"completed"}')).status).toBe(404);
    expect((await complete(h, '{"action_id":"a-123","status":"done"}')).status).toBe(400);
    expect((await complete(h, '{"action_id":"a-123","status":"completed","extra":1}')).status).toBe(400);
    expect((await h.outbox.get('a-123'))!.status).toBe('pending');
  });
});

describe('GET /api/v1/actions/stream (SSE)', () => {
  it('pushes an action enqueued after connecting, with the outbox seq as event id', async () => {
    const h = makeHarness();
    const res = await h.app.request('/api/v1/actions/stream', { headers: bridgeHeaders });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reading = readActions(res, 1);
    await new Promise((r) => setTimeout(r, 20));
    await h.outbox.enqueue([CONTRACT_ACTION]);
    const [got] = await reading;
    expect(got).toEqual({ id: '1', data: CONTRACT_ACTION });
    // the stream leased it: a poller does not get it too
    expect(await (await pending(h)).json()).toEqual({ actions: [] });
  });

  it('resumes with Last-Event-ID: re-sends in-flight actions after that seq, not earlier ones', async () => {
    const h = makeHarness();
    await h.outbox.enqueue([1, 2, 3].map((n) => ({ action_id: `a-${n}`, action_type: 'broadcast_message', payload: { message: `m${n}` } })));
    const first = await readActions(await h.app.request('/api/v1/actions/stream', { headers: bridgeHeaders }), 3);
    expect(first.map((f) => f.id)).toEqual(['1', '2', '3']);
    await h.app.request('/api/v1/actions/complete', { method: 'POST', body: '{"action_id":"a-3","status":"completed"}', headers: bridgeHeaders });
    // the bridge acknowledged seq 1 before dropping; 2 is still in flight, 3 is completed
    const resumed = await readActions(await h.app.request('/api/v1/actions/stream', { headers: { ...bridgeHeaders, 'last-event-id': '1' } }), 1);
    expect(resumed.map((f) => f.id)).toEqual(['2']);
  });

  it('refuses a malformed Last-Event-ID and missing credentials', async () => {
    const h = makeHarness();
    expect((await h.app.request('/api/v1/actions/stream', { headers: { ...bridgeHeaders, 'last-event-id': 'x' } })).status).toBe(400);
    expect((await h.app.request('/api/v1/actions/stream')).status).toBe(401);
  });

  it('ends open streams when the gateway shuts down', async () => {
    const h = makeHarness();
    const res = await h.app.request('/api/v1/actions/stream', { headers: bridgeHeaders });
    await new Promise((r) => setTimeout(r, 20));
    expect(h.app.lifecycle.openStreams).toBe(1);
    h.app.lifecycle.closeAll();
    const reader = res.body!.getReader();
    for (;;) if ((await reader.read()).done) break; // the stream ends instead of hanging
    expect(h.app.lifecycle.openStreams).toBe(0);
    expect((await h.app.request('/api/v1/actions/stream', { headers: bridgeHeaders })).status).toBe(503);
  });
});
