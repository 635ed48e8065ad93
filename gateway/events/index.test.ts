import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, eventTypes, type EventType } from '../../contract/events.ts';
import type { RefusedEventLog } from '../../persistence/types.ts';
import { ADMIN_SERVICE_KEY, bridgeHeaders, loginEvent, makeHarness } from '../testing/harness.ts';

// the exact JSON of bridge-contract.md, "Events: game → Midgard"
const CONTRACT_BODY = `{"events": [
  {"event_type": "player_login", "player_id": 150001, "map": "prontera",
   "timestamp": 1732628400000, "priority": "normal", "payload": {"action": "login"}}
]}`;

const post = (h: ReturnType<typeof makeHarness>, body: string, headers: Record<string, string> = bridgeHeaders, env?: unknown) =>
  h.app.request('/api/v1/events/dispatch', { method: 'POST', body, headers }, env);

describe('POST /api/v1/events/dispatch', () => {
  it("journals the contract's exact JSON before answering 2xx and hands it to the runtime", async () => {
    const h = makeHarness();
    const res = await post(h, CONTRACT_BODY);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0, throttled: 0, refused: [] });
    const [stored] = await h.journal.after(0, 10);
    expect(stored).toMatchObject({ seq: 1, event_type: 'player_login', player_id: 150001, map: 'prontera', timestamp: 1732628400000, priority: 'normal', payload: { action: 'login' } });
    expect(stored!.key).toMatch(/^b:[0-9a-f]{64}:0$/); // keyed by its batch and its position there
    expect(h.journaled.map((e) => e.seq)).toEqual([1]);
  });

  it('treats a retried batch (no event ids) as duplicates: nothing new journaled or routed', async () => {
    const h = makeHarness();
    await post(h, CONTRACT_BODY);
    const again = await post(h, CONTRACT_BODY);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ accepted: 0, duplicates: 1, throttled: 0, refused: [] });
    expect(h.journal.size).toBe(1);
    expect(h.journaled).toHaveLength(1);
  });

  it('deduplicates by event_id when the bridge sends one', async () => {
    const h = makeHarness();
    const a = loginEvent(1, { event_id: 'e-1' });
    const b = loginEvent(1, { event_id: 'e-1', timestamp: 999 });
    const res = await post(h, JSON.stringify({ events: [a, b] }));
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 1, throttled: 0, refused: [] });
  });

  it('accepts a full batch of 50 and refuses 51 without writing anything', async () => {
    const h = makeHarness();
    const fifty = Array.from({ length: 50 }, (_, i) => loginEvent(1000 + i));
    expect((await post(h, JSON.stringify({ events: fifty }))).status).toBe(200);
    expect(h.journal.size).toBe(50);
    const fiftyOne = Array.from({ length: 51 }, (_, i) => loginEvent(2000 + i));
    const res = await post(h, JSON.stringify({ events: fiftyOne }));
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('invalid_request');
    expect(h.journal.size).toBe(50);
  });

  it('accepts every event type of the contract (a server event without player_id), and drops an empty map', async () => {
    const h = makeHarness();
    const payloads: Record<EventType, Record<string, unknown>> = {
      player_login: {}, player_logout: {}, npc_interaction: { npc_id: 3 }, monster_kill: { monster_id: 1002 }, mvp_kill: { mvp_id: 1039 },
      daily_reset: {}, map_change: { from_map: 'prontera', to_map: 'prt_fild08' }, item_drop: {}, quest_complete: { quest_id: 7 }, trade_complete: {}, custom: { kind: 'woe_start' },
    };
    const events = eventTypes.map((t, i) => ({ event_type: t, ...(EVENT_TYPES[t].needsPlayer ? { player_id: 100 + i } : {}), map: '', timestamp: 1, priority: 'low', payload: payloads[t] }));
    const res = await post(h, JSON.stringify({ events }));
    expect(await res.json()).toMatchObject({ accepted: eventTypes.length, refused: [] });
    const stored = await h.journal.after(0, 100);
    expect(stored.map((e) => e.event_type)).toEqual(eventTypes);
    expect(stored.every((e) => e.map === undefined)).toBe(true);
    expect(stored.find((e) => e.event_type === 'daily_reset')).not.toHaveProperty('player_id');
  });

  it('refuses bad events one by one: the rest of the batch is journaled and the answer is 200 with what was refused', async () => {
    const h = makeHarness();
    const bad: [string, unknown, RegExp][] = [
      ['unknown event field', { ...loginEvent(1), colour: 'red' }, /colour/],
      ['player_id as string', loginEvent(1, { player_id: '150001' }), /player_id/],
      ['bad priority', loginEvent(1, { priority: 'meh' }), /priority/],
      ['fractional timestamp', loginEvent(1, { timestamp: 1.5 }), /timestamp/],
      ['event_type with markup', loginEvent(1, { event_type: '<script>' }), /unknown event_type/],
      ['unknown event_type', loginEvent(1, { event_type: 'guild_war_started' }), /unknown event_type 'guild_war_started'/],
      ['no event_type', { timestamp: 1 }, /event_type/],
      ['not an object', 'player_login', /expected object/],
      ['a kill with no monster', loginEvent(1, { event_type: 'monster_kill', payload: {} }), /payload\.monster_id/],
      ['a login with no player', loginEvent(0), /player_id/],
    ];
    const events = [loginEvent(9), ...bad.map(([, e]) => e), loginEvent(10)];
    const res = await post(h, JSON.stringify({ events }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ accepted: 2, duplicates: 0, throttled: 0 });
    expect(body.refused.map((r: { index: number }) => r.index)).toEqual(bad.map((_, i) => i + 1));
    bad.forEach(([name, , reason], i) => expect(body.refused[i].reason, name).toMatch(reason));
    expect(body.refused[5].event_type).toBe('guild_war_started');
    expect((await h.journal.after(0, 100)).map((e) => e.player_id)).toEqual([9, 10]);
    expect(h.journaled).toHaveLength(2);
  });

  it('keeps refused events for the admin API, once however often the batch is retried', async () => {
    const h = makeHarness();
    const body = JSON.stringify({ events: [loginEvent(1), loginEvent(2, { event_type: 'guild_war_started' })] });
    await post(h, body);
    await post(h, body);
    const res = await h.app.request('/api/v1/admin/events/refused', { headers: { 'x-api-key': ADMIN_SERVICE_KEY } });
    expect(res.status).toBe(200);
    const { refused } = await res.json();
    expect(refused).toEqual([
      expect.objectContaining({ index: 1, event_type: 'guild_war_started', reason: expect.stringContaining('unknown event_type'), event: loginEvent(2, { event_type: 'guild_war_started' }), source: expect.stringMatching(/^bridge-key:/), refused_at: h.clock.now }),
    ]);
    expect((await h.app.request('/api/v1/admin/events/refused')).status).toBe(401);
  });

  it.each([
    ['malformed JSON', '{"events": ['],
    ['unknown top-level field', JSON.stringify({ events: [], extra: 1 })],
    ['events not an array', JSON.stringify({ events: {} })],
    ['no events', JSON.stringify({ event_type: 'player_login' })],
    ['a bare array', JSON.stringify([loginEvent(1)])],
  ])('refuses a body that is not a batch (%s) whole with a JSON 400 and writes nothing', async (_name, body) => {
    const h = makeHarness();
    const res = await post(h, body);
    expect(res.status).toBe(400);
    const json = await res.json();
    expect(json.error).toEqual({ code: 'invalid_request', message: expect.any(String) });
    expect(h.journal.size).toBe(0);
    expect(h.journaled).toHaveLength(0);
  });

  it('refuses a body over the dispatch limit with 413', async () => {
    const h = makeHarness();
    const big = JSON.stringify({ events: [loginEvent(1, { payload: { blob: 'x'.repeat(70_000) } })] });
    const res = await post(h, big);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
    expect(h.journal.size).toBe(0);
  });

  it('refuses calls without a key, with a wrong key, and from untrusted addresses', async () => {
    const h = makeHarness({ trustedBridges: ['10.0.0.5'] });
    const json = { 'content-type': 'application/json' };
    expect((await post(h, CONTRACT_BODY, json)).status).toBe(401);
    expect((await post(h, CONTRACT_BODY, { ...json, 'x-api-key': 'nope' })).status).toBe(401);
    expect((await post(h, CONTRACT_BODY, json, { incoming: { socket: { remoteAddress: '10.0.0.6' } } })).status).toBe(401);
    expect(h.journal.size).toBe(0);
    // the original bridge: no header, but from a configured address (seen through an IPv6 socket)
    const trusted = await post(h, CONTRACT_BODY, json, { incoming: { socket: { remoteAddress: '::ffff:10.0.0.5' } } });
    expect(trusted.status).toBe(200);
    expect(h.journal.size).toBe(1);
  });

  it('limits each player to 10 events per second: all journaled (acknowledged), the excess kept from the actors', async () => {
    const h = makeHarness();
    const spam = Array.from({ length: 12 }, (_, i) => loginEvent(7, { timestamp: 5000 + i }));
    const other = loginEvent(8);
    const res = await post(h, JSON.stringify({ events: [...spam, other] }));
    expect(await res.json()).toEqual({ accepted: 13, duplicates: 0, throttled: 2, refused: [] });
    expect((await h.journal.after(0, 100)).filter((e) => e.player_id === 7)).toHaveLength(12);
    expect(h.journaled.filter((e) => e.player_id === 7)).toHaveLength(10);
    expect(h.journaled.filter((e) => e.player_id === 8)).toHaveLength(1);
    h.clock.now += 1000; // next window
    const later = await post(h, JSON.stringify({ events: [loginEvent(7, { timestamp: 9999 })] }));
    expect(await later.json()).toMatchObject({ accepted: 1, throttled: 0 });
  });

  it('throttles per event, not per content: identical events each count once, a retried duplicate not at all', async () => {
    const h = makeHarness();
    const kill = loginEvent(7, { event_type: 'monster_kill', payload: { monster_id: 1002 } });
    const body = JSON.stringify({ events: Array.from({ length: 12 }, () => kill) });
    expect(await (await post(h, body)).json()).toEqual({ accepted: 12, duplicates: 0, throttled: 2, refused: [] });
    expect(h.journaled).toHaveLength(10);
    expect(await (await post(h, body)).json()).toEqual({ accepted: 0, duplicates: 12, throttled: 0, refused: [] });
    h.clock.now += 1000;
    expect(await (await post(h, JSON.stringify({ events: [kill, kill] }))).json()).toMatchObject({ accepted: 2, throttled: 0 });
  });

  it('does not throttle server events (no player)', async () => {
    const h = makeHarness();
    const events = Array.from({ length: 15 }, (_, i) => ({ event_type: 'custom', timestamp: i, payload: { kind: 'tick' } }));
    expect(await (await post(h, JSON.stringify({ events }))).json()).toEqual({ accepted: 15, duplicates: 0, throttled: 0, refused: [] });
  });

  it('answers 503 when refused events cannot be recorded; the retry journals nothing twice', async () => {
    const failing: RefusedEventLog = { record: async () => Promise.reject(new Error('disk on fire')), recent: async () => [] };
    const h = makeHarness({}, { refusedEvents: failing });
    const body = JSON.stringify({ events: [loginEvent(1), loginEvent(2, { event_type: 'nope' })] });
    const res = await post(h, body);
    expect(res.status).toBe(503);
    failing.record = async () => 1;
    expect(await (await post(h, body)).json()).toMatchObject({ accepted: 0, duplicates: 1, refused: [{ index: 1 }] });
    expect(h.journal.size).toBe(1);
  });

  it("documents the contract's event types and the refused list in OpenAPI", async () => {
    const spec = await (await makeHarness().app.request('/openapi.json')).json();
    expect(spec.components.schemas.GameEvent.properties.event_type.enum).toEqual(eventTypes);
    expect(spec.components.schemas.GameEvent.required).toEqual(['event_type', 'timestamp']); // no player_id: server events
    expect(spec.components.schemas.DispatchResult.required).toContain('refused');
    expect(spec.paths['/api/v1/admin/events/refused']).toHaveProperty('get');
  });

  it('answers 503 and routes nothing when the journal fails, so the bridge retries', async () => {
    const h = makeHarness({}, {});
    h.journal.append = async () => {
      throw new Error('disk on fire');
    };
    const res = await post(h, CONTRACT_BODY);
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe('journal_unavailable');
    expect(h.journaled).toHaveLength(0);
  });
});
