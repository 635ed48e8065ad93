import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startGateway, type GatewayHandle } from '../../gateway/server.ts';
import { BRIDGE_KEY, loginEvent, makeHarness } from '../../gateway/testing/harness.ts';

// Real sockets on 127.0.0.1 (port 0): the WebSocket upgrade and graceful shutdown need a server.
const handles: GatewayHandle[] = [];
afterEach(async () => {
  await Promise.all(handles.splice(0).map((h) => h.close({ graceMs: 1000, flush: false })));
});

async function serve(h = makeHarness()) {
  const handle = await startGateway(h.app, { port: 0, hostname: '127.0.0.1' });
  handles.push(handle);
  return { h, handle, ws: handle.url.replace('http', 'ws') };
}

function connect(url: string, headers: Record<string, string> = { 'x-api-key': BRIDGE_KEY }) {
  const socket = new WebSocket(url, { headers });
  const inbox: any[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data) => {
    inbox.push(JSON.parse(String(data)));
    waiters.splice(0).forEach((w) => w());
  });
  const next = async (pred: (m: any) => boolean, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = inbox.findIndex(pred);
      if (i >= 0) return inbox.splice(i, 1)[0];
      if (Date.now() > deadline) throw new Error(`no matching message; inbox: ${JSON.stringify(inbox)}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
  };
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
  return { socket, next, opened };
}

describe('bridge WebSocket', () => {
  it('acks events once journaled, pushes enqueued actions at once, and takes completions', async () => {
    const { h, ws } = await serve();
    const c = connect(`${ws}/api/v1/bridge/ws`);
    await c.opened;
    c.socket.send(JSON.stringify({ type: 'events', ref: 'r1', events: [loginEvent(150001, { event_id: 'e-1' })] }));
    expect(await c.next((m) => m.type === 'ack')).toEqual({ type: 'ack', ref: 'r1', accepted: 1, duplicates: 0, throttled: 0, refused: [] });
    expect(h.journal.size).toBe(1);
    expect(h.journaled.map((e) => e.key)).toEqual(['e-1']);

    await h.outbox.enqueue([{ action_id: 'a-1', action_type: 'give_reward', target_player_id: 150001, payload: { player_id: 150001, item_id: 501, quantity: 1, zeny: 0, base_exp: 0, job_exp: 0, source: 'quest', source_event: 'quest:1' } }]);
    const pushed = await c.next((m) => m.type === 'action');
    expect(pushed).toEqual({ type: 'action', seq: 1, action: { action_id: 'a-1', action_type: 'give_reward', target_player_id: 150001, payload: { player_id: 150001, item_id: 501, quantity: 1, zeny: 0, base_exp: 0, job_exp: 0, source: 'quest', source_event: 'quest:1' } } });

    c.socket.send(JSON.stringify({ type: 'complete', ref: 'r2', action_id: 'a-1', status: 'completed', message: 'given' }));
    expect(await c.next((m) => m.type === 'completed')).toEqual({ type: 'completed', ref: 'r2', action_id: 'a-1', known: true });
    expect((await h.outbox.get('a-1'))!.status).toBe('completed');
    c.socket.close();
  });

  it('answers bad messages with an error and changes nothing', async () => {
    const { h, ws } = await serve();
    const c = connect(`${ws}/api/v1/bridge/ws`);
    await c.opened;
    for (const bad of ['nope', '{"type":"events","ref":"b1","events":{}}', '{"type":"drop_tables","ref":"b2"}', '[]']) {
      c.socket.send(bad);
      const reply = await c.next((m) => m.type === 'error');
      expect(reply.error.code).toBe('invalid_request');
    }
    expect(h.journal.size).toBe(0);
    c.socket.close();
  });

  it('acks the valid events of a message and lists the bad ones, as HTTP dispatch does', async () => {
    const { h, ws } = await serve();
    const c = connect(`${ws}/api/v1/bridge/ws`);
    await c.opened;
    const events = [loginEvent(1, { event_id: 'e-1' }), { event_type: 1 }, loginEvent(2, { event_id: 'e-2', event_type: 'guild_war' }), loginEvent(3, { event_id: 'e-3' })];
    c.socket.send(JSON.stringify({ type: 'events', ref: 'r1', events }));
    const ack = await c.next((m) => m.type === 'ack');
    expect(ack).toMatchObject({ ref: 'r1', accepted: 2, duplicates: 0, throttled: 0 });
    expect(ack.refused.map((r: { index: number; event_type: string | null }) => [r.index, r.event_type])).toEqual([[1, null], [2, 'guild_war']]);
    expect(h.journaled.map((e) => e.key)).toEqual(['e-1', 'e-3']);
    c.socket.close();
  });

  it('refuses the upgrade without a bridge key', async () => {
    const { ws } = await serve();
    await expect(connect(`${ws}/api/v1/bridge/ws`, {}).opened).rejects.toThrow('HTTP 401');
    await expect(connect(`${ws}/api/v1/bridge/ws`, { 'x-api-key': 'wrong' }).opened).rejects.toThrow('HTTP 401');
  });

  it('resumes after ?after=seq with the actions still in flight', async () => {
    const { h, ws } = await serve();
    await h.outbox.enqueue([{ action_id: 'a-1', action_type: 'broadcast_message', payload: { message: 'one' } }, { action_id: 'a-2', action_type: 'broadcast_message', payload: { message: 'two' } }]);
    const first = connect(`${ws}/api/v1/bridge/ws`);
    await first.opened;
    await first.next((m) => m.action?.action_id === 'a-2');
    first.socket.terminate(); // the bridge crashed after processing seq 1
    const again = connect(`${ws}/api/v1/bridge/ws?after=1`);
    await again.opened;
    expect((await again.next((m) => m.type === 'action')).action.action_id).toBe('a-2');
    again.socket.close();
  });
});

describe('graceful shutdown', () => {
  it('finishes in-flight requests, ends streams and sockets, refuses new connections, then flushes', async () => {
    const h = makeHarness();
    let release: () => void = () => {};
    const slowAppend = h.journal.append.bind(h.journal);
    h.journal.append = async (events) => {
      await new Promise<void>((r) => (release = r));
      return slowAppend(events);
    };
    const { handle, ws } = await serve(h);
    const sse = await fetch(`${handle.url}/api/v1/actions/stream`, { headers: { 'x-api-key': BRIDGE_KEY } });
    expect(sse.status).toBe(200);
    const socket = connect(`${ws}/api/v1/bridge/ws`);
    await socket.opened;
    const socketClosed = new Promise<number>((r) => socket.socket.once('close', (code) => r(code)));
    const inFlight = fetch(`${handle.url}/api/v1/events/dispatch`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': BRIDGE_KEY },
      body: JSON.stringify({ events: [loginEvent(1)] }),
    });
    await new Promise((r) => setTimeout(r, 50));
    const closing = handle.close({ graceMs: 5000 });
    expect(await socketClosed).toBe(1001);
    const reader = sse.body!.getReader();
    for (;;) if ((await reader.read()).done) break; // the SSE stream ended
    release(); // the dispatch was still running: it must complete, not be cut
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(h.journal.size).toBe(1);
    await closing;
    expect(h.world.writes().map((c) => c.method)).toEqual(['flush']);
    await expect(fetch(`${handle.url}/health`)).rejects.toThrow();
    handles.splice(handles.indexOf(handle), 1);
  });
});
