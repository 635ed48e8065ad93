import { afterEach, describe, expect, it } from 'vitest';
import { routeGameEvent } from '../../actors/routeGameEvent.ts';
import { startGateway, type GatewayHandle } from '../../gateway/server.ts';
import { ADMIN_SERVICE_KEY, makeHarness } from '../../gateway/testing/harness.ts';

/**
 * The original rAthena bridge's exact wire (shared/bridge-contract.md): nlohmann-json's compact dump, keys in its
 * order (event_type, map, payload, player_id, priority, timestamp), no player_id when it is 0, no map when it is
 * empty, no event_id, no auth header (only Accept and Content-Type), whole-batch retries, and a 4xx dead-letters
 * the whole batch. Every body below is a string exactly as the original puts it on the wire.
 */
const ORIGINAL = {
  login: '{"event_type":"player_login","map":"prontera","payload":{"action":"login"},"player_id":150001,"priority":"normal","timestamp":1732628400000}',
  kill: '{"event_type":"monster_kill","map":"prt_fild08","payload":{"monster_id":1002},"player_id":150001,"priority":"normal","timestamp":1732628401000}',
  mvp: '{"event_type":"mvp_kill","map":"gef_dun02","payload":{"mvp_id":1039},"player_id":150001,"priority":"urgent","timestamp":1732628402000}',
  npc: '{"event_type":"npc_interaction","map":"prontera","payload":{"npc_id":42},"player_id":150001,"priority":"normal","timestamp":1732628403000}',
  mapChange: '{"event_type":"map_change","map":"prt_fild08","payload":{"from_map":"prontera","to_map":"prt_fild08"},"player_id":150001,"priority":"normal","timestamp":1732628404000}',
  dailyReset: '{"event_type":"daily_reset","payload":{},"priority":"normal","timestamp":1732665600000}',
  custom: '{"event_type":"custom","payload":{"kind":"woe_start"},"priority":"high","timestamp":1732628405000}',
  // a script's typo in aiworld_emit: an event type the contract does not have
  typo: '{"event_type":"quest complete","map":"prontera","payload":{"quest_id":7},"player_id":150001,"priority":"normal","timestamp":1732628406000}',
};
const batch = (...events: string[]) => `{"events":[${events.join(',')}]}`;

const BRIDGE_ADDRESS = '10.0.0.5';
const originalHeaders = { accept: 'application/json', 'content-type': 'application/json' };
const fromBridge = { incoming: { socket: { remoteAddress: BRIDGE_ADDRESS } } };
const harness = () => makeHarness({ trustedBridges: [BRIDGE_ADDRESS] });
const post = (h: ReturnType<typeof harness>, body: string, env: unknown = fromBridge) =>
  h.app.request('/api/v1/events/dispatch', { method: 'POST', body, headers: originalHeaders }, env);

describe("the original bridge's exact wire, through app.request", () => {
  it('spells events as the contract says: its key order, no player_id when 0, no map when empty', () => {
    expect(Object.keys(JSON.parse(ORIGINAL.login))).toEqual(['event_type', 'map', 'payload', 'player_id', 'priority', 'timestamp']);
    expect(Object.keys(JSON.parse(ORIGINAL.dailyReset))).toEqual(['event_type', 'payload', 'priority', 'timestamp']);
  });

  it('accepts server events (daily_reset, custom) with no player_id and no map, alongside player events', async () => {
    const h = harness();
    const res = await post(h, batch(ORIGINAL.login, ORIGINAL.dailyReset, ORIGINAL.custom, ORIGINAL.mapChange));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 4, duplicates: 0, throttled: 0, refused: [] });
    const stored = await h.journal.after(0, 10);
    expect(stored.map((e) => e.event_type)).toEqual(['player_login', 'daily_reset', 'custom', 'map_change']);
    expect(stored[1]).toEqual({ seq: 2, key: expect.stringMatching(/^b:/), event_type: 'daily_reset', timestamp: 1732665600000, priority: 'normal', payload: {} });
    expect(stored[2]).not.toHaveProperty('player_id');
    expect(stored[2]).not.toHaveProperty('map');
  });

  it('keeps the valid events of a batch with a bad one: 2xx, the bad one listed, logged for the admin API', async () => {
    const h = harness();
    const res = await post(h, batch(ORIGINAL.login, ORIGINAL.typo, ORIGINAL.kill));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ accepted: 2, duplicates: 0, throttled: 0 });
    expect(body.refused).toEqual([{ index: 1, event_type: 'quest complete', reason: expect.stringContaining("unknown event_type 'quest complete'") }]);
    expect((await h.journal.after(0, 10)).map((e) => e.event_type)).toEqual(['player_login', 'monster_kill']);
    const admin = await (await h.app.request('/api/v1/admin/events/refused', { headers: { 'x-api-key': ADMIN_SERVICE_KEY } })).json();
    expect(admin.refused).toEqual([expect.objectContaining({ index: 1, event_type: 'quest complete', event: JSON.parse(ORIGINAL.typo), source: `bridge:${BRIDGE_ADDRESS}` })]);
  });

  it('counts 15 identical kills of one area attack as 15, a retry of their batch as none, and throttles them per event', async () => {
    const h = harness();
    const aoe = batch(...Array.from({ length: 15 }, () => ORIGINAL.kill));
    expect(await (await post(h, aoe)).json()).toEqual({ accepted: 15, duplicates: 0, throttled: 5, refused: [] }); // limit: 10/s per player
    expect(h.journal.size).toBe(15);
    expect(h.journaled).toHaveLength(10);
    expect(await (await post(h, aoe)).json()).toEqual({ accepted: 0, duplicates: 15, throttled: 0, refused: [] }); // the whole-batch retry
    expect(h.journal.size).toBe(15);
    // two identical kills in a later batch are new kills, and each counts once against the (new) window
    h.clock.now += 1000;
    expect(await (await post(h, batch(ORIGINAL.login, ORIGINAL.kill, ORIGINAL.kill))).json()).toEqual({ accepted: 3, duplicates: 0, throttled: 0, refused: [] });
  });

  it('takes npc_interaction by npc_id and routes it to that NPC actor', async () => {
    const h = harness();
    await post(h, batch(ORIGINAL.npc, ORIGINAL.mvp));
    const [npc] = h.journaled;
    expect(npc).toMatchObject({ event_type: 'npc_interaction', payload: { npc_id: 42 } });
    expect(routeGameEvent(npc!).map((r) => r.to)).toEqual(['world:main', 'npc:42']);
  });

  it('still refuses, with 400, a body that is not a batch at all; and a caller that is neither keyed nor trusted', async () => {
    const h = harness();
    expect((await post(h, '{"events":[' + ORIGINAL.login)).status).toBe(400);
    expect((await post(h, '{"events":' + ORIGINAL.login + '}')).status).toBe(400);
    expect((await post(h, batch(...Array.from({ length: 51 }, () => ORIGINAL.kill)))).status).toBe(400);
    expect((await post(h, batch(ORIGINAL.login), { incoming: { socket: { remoteAddress: '10.0.0.6' } } })).status).toBe(401);
    expect(h.journal.size).toBe(0);
  });
});

describe("the original bridge's exact wire, over a real socket on 127.0.0.1", () => {
  const handles: GatewayHandle[] = [];
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((handle) => handle.close({ graceMs: 1000, flush: false })));
  });

  it('answers a key-less bridge at a trusted address 200, and its whole-batch retry is a no-op', async () => {
    const h = makeHarness({ trustedBridges: ['127.0.0.1'] });
    const handle = await startGateway(h.app, { port: 0, hostname: '127.0.0.1' });
    handles.push(handle);
    const send = (body: string) => fetch(`${handle.url}/api/v1/events/dispatch`, { method: 'POST', headers: originalHeaders, body, signal: AbortSignal.timeout(5000) });
    const body = batch(ORIGINAL.login, ORIGINAL.kill, ORIGINAL.kill, ORIGINAL.dailyReset, ORIGINAL.typo);
    const first = await send(body);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ accepted: 4, duplicates: 0, refused: [{ index: 4 }] });
    const retry = await send(body);
    expect(await retry.json()).toMatchObject({ accepted: 0, duplicates: 4, refused: [{ index: 4 }] });
    expect(h.journal.size).toBe(4);
  });
});
