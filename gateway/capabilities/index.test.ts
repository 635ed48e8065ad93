import { describe, expect, it } from 'vitest';
import { bridgeHeaders, makeHarness, tokenFor } from '../testing/harness.ts';
import { ActionGate } from '../../actors/effects/ActionGate.ts';
import { DEFAULT_CAPABILITIES } from '../../contract/capabilities.ts';
import { MemoryCapabilityStore } from '../../persistence/memory/MemoryCapabilityStore.ts';

const handshake = { bridge_version: 'midgard-bridge 2.0', renewal: false, maps: [{ name: 'prontera', width: 312, height: 392 }, { name: 'moc_fild08', width: 400, height: 400 }], map_flags: ['snow', 'bexp'], templates: ['midgard_treasure'] };
const put = (h: ReturnType<typeof makeHarness>, body: string, headers: Record<string, string> = bridgeHeaders) =>
  h.app.request('/api/v1/bridge/capabilities', { method: 'PUT', headers, body });

describe('capabilities', () => {
  it('takes the bridge handshake, which then decides what the gate lets through', async () => {
    const gate = new ActionGate();
    const h = makeHarness({}, { actionGate: gate });
    const before = await (await h.app.request('/api/v1/bridge/capabilities', { headers: bridgeHeaders })).json();
    expect(before).toMatchObject({ source: 'default', maps: DEFAULT_CAPABILITIES.maps.length });
    const res = await put(h, JSON.stringify(handshake));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ source: 'handshake', bridge_version: 'midgard-bridge 2.0', maps: 2, map_flags: 2, templates: ['midgard_treasure'] });
    expect(gate.check({ action_id: 'a', action_type: 'spawn_npc', payload: { map: 'moc_fild08', x: 5, y: 5, npc_name: 'C#1', script: 'midgard_treasure' } } as never, 't', 0)).toEqual({ ok: true });
    expect(gate.check({ action_id: 'b', action_type: 'set_map_flag', payload: { map: 'prontera', flag: 'fog', value: true } } as never, 't', 0)).toMatchObject({ rule: 'unknown_flag' });
  });

  it('refuses a malformed handshake or one without bridge auth, and keeps the capabilities in force', async () => {
    const gate = new ActionGate();
    const h = makeHarness({}, { actionGate: gate });
    expect((await put(h, JSON.stringify({ ...handshake, renewal: 'yes' }))).status).toBe(400);
    expect((await put(h, JSON.stringify({ ...handshake, extra: 1 }))).status).toBe(400);
    expect((await put(h, '{')).status).toBe(400);
    expect((await put(h, JSON.stringify(handshake), { 'content-type': 'application/json' })).status).toBe(401);
    expect(gate.current.source).toBe('default');
  });

  it('shows admins the refused actions, newest first, with counts by type and rule', async () => {
    const gate = new ActionGate();
    const h = makeHarness({}, { actionGate: gate });
    gate.check({ action_id: 'a-1', action_type: 'set_map_flag', payload: { map: 'prontera', flag: 'heatwave', value: true } } as never, 'hazard:main', 10);
    gate.check({ action_id: 'a-2', action_type: 'spawn_npc', payload: { map: 'prontera', x: 1, y: 1, npc_name: 'X#1', script: 'aiworld_template' } } as never, 'treasure:main', 11);
    expect((await h.app.request('/api/v1/admin/actions/refused')).status).toBe(401);
    const res = await h.app.request('/api/v1/admin/actions/refused?limit=5', { headers: { authorization: `Bearer ${await tokenFor('gm')}` } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.refused.map((r: { action_id: string; rule: string }) => [r.action_id, r.rule])).toEqual([['a-2', 'unknown_template'], ['a-1', 'unknown_flag']]);
    expect(body.counts).toEqual(expect.arrayContaining([{ action_type: 'set_map_flag', rule: 'unknown_flag', count: 1 }]));
    expect(body.capabilities).toMatchObject({ source: 'default', renewal: false });
  });

  it('accepts a stock-sized handshake (every loaded map with its size)', async () => {
    const h = makeHarness({}, { actionGate: new ActionGate() });
    expect((await put(h, JSON.stringify({ ...DEFAULT_CAPABILITIES, bridge_version: 'x' }))).status).toBe(200);
  });

  it('stores the handshake before answering, and answers 503 changing nothing when it cannot', async () => {
    const gate = new ActionGate();
    const store = new MemoryCapabilityStore();
    const h = makeHarness({}, { actionGate: gate, capabilities: store });
    expect((await put(h, JSON.stringify(handshake))).status).toBe(200);
    expect(await store.latest()).toMatchObject({ version: 1, capabilities: handshake });
    expect(gate.current).toMatchObject({ source: 'handshake', version: 1 });
    const down = makeHarness({}, { actionGate: new ActionGate(), capabilities: { save: async () => Promise.reject(new Error('connection refused')), latest: async () => null } });
    const res = await put(down, JSON.stringify(handshake));
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: 'capabilities_unavailable' } });
    expect((await (await down.app.request('/api/v1/bridge/capabilities', { headers: bridgeHeaders })).json()).source).toBe('default');
  });
});
