import { describe, expect, it } from 'vitest';
import { bridgeHeaders, loginEvent, makeHarness } from '../testing/harness.ts';

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
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0, throttled: 0 });
    const [stored] = await h.journal.after(0, 10);
    expect(stored).toMatchObject({ seq: 1, event_type: 'player_login', player_id: 150001, map: 'prontera', timestamp: 1732628400000, priority: 'normal', payload: { action: 'login' } });
    expect(stored!.key).toMatch(/^c:/);
    expect(h.journaled.map((e) => e.seq)).toEqual([1]);
  });

  it('treats a retried batch (no event ids) as duplicates: nothing new journaled or routed', async () => {
    const h = makeHarness();
    await post(h, CONTRACT_BODY);
    const again = await post(h, CONTRACT_BODY);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ accepted: 0, duplicates: 1, throttled: 0 });
    expect(h.journal.size).toBe(1);
    expect(h.journaled).toHaveLength(1);
  });

  it('deduplicates by event_id when the bridge sends one', async () => {
    const h = makeHarness();
    const a = loginEvent(1, { event_id: 'e-1' });
    const b = loginEvent(1, { event_id: 'e-1', timestamp: 999 });
    const res = await post(h, JSON.stringify({ events: [a, b] }));
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 1, throttled: 0 });
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

  it('accepts every event type of the contract and unknown snake_case types, and drops an empty map', async () => {
    const h = makeHarness();
    const types = ['player_login', 'player_logout', 'npc_interaction', 'monster_kill', 'mvp_kill', 'daily_reset', 'map_change', 'item_drop', 'quest_complete', 'trade_complete', 'custom', 'guild_war_started'];
    const events = types.map((t, i) => ({ event_type: t, player_id: i, map: '', timestamp: 1, priority: 'low', payload: { n: i } }));
    const res = await post(h, JSON.stringify({ events }));
    expect(await res.json()).toMatchObject({ accepted: types.length });
    const stored = await h.journal.after(0, 100);
    expect(stored.map((e) => e.event_type)).toEqual(types);
    expect(stored.every((e) => e.map === undefined)).toBe(true);
  });

  it.each([
    ['malformed JSON', '{"events": [', 400],
    ['unknown top-level field', JSON.stringify({ events: [], extra: 1 }), 400],
    ['unknown event field', JSON.stringify({ events: [{ ...loginEvent(1), colour: 'red' }] }), 400],
    ['player_id as string', JSON.stringify({ events: [loginEvent(1, { player_id: '150001' })] }), 400],
    ['bad priority', JSON.stringify({ events: [loginEvent(1, { priority: 'meh' })] }), 400],
    ['fractional timestamp', JSON.stringify({ events: [loginEvent(1, { timestamp: 1.5 })] }), 400],
    ['event_type with markup', JSON.stringify({ events: [loginEvent(1, { event_type: '<script>' })] }), 400],
    ['events not an array', JSON.stringify({ events: {} }), 400],
  ])('refuses %s with a JSON error and writes nothing', async (_name, body, status) => {
    const h = makeHarness();
    const res = await post(h, body);
    expect(res.status).toBe(status);
    const json = await res.json();
    expect(json.error).toEqual({ code: expect.any(String), message: expect.any(String) });
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
    expect(await res.json()).toEqual({ accepted: 13, duplicates: 0, throttled: 2 });
    expect((await h.journal.after(0, 100)).filter((e) => e.player_id === 7)).toHaveLength(12);
    expect(h.journaled.filter((e) => e.player_id === 7)).toHaveLength(10);
    expect(h.journaled.filter((e) => e.player_id === 8)).toHaveLength(1);
    h.clock.now += 1000; // next window
    const later = await post(h, JSON.stringify({ events: [loginEvent(7, { timestamp: 9999 })] }));
    expect(await later.json()).toMatchObject({ accepted: 1, throttled: 0 });
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
