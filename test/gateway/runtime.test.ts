import { sign } from 'hono/jwt';
import { afterEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/Runtime.ts';
import { testWorld, WORLD_KEY } from './fixtures/world.ts';

let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

const bridge = { 'content-type': 'application/json', 'x-api-key': WORLD_KEY };
const tokenFor = (role: string) => sign({ sub: `${role}-1`, role, exp: Math.floor(Date.now() / 1000) + 600 }, 'world-secret-long-enough', 'HS256');
const login = (player_id: number) => ({ event_type: 'player_login', player_id, map: 'prontera', timestamp: 1732628400000, priority: 'normal', payload: { action: 'login' } });

describe('gateway over the real Runtime', () => {
  it('event in → actor transition → bridge action out through /pending, completed once', async () => {
    const w = await testWorld();
    runtime = w.runtime;
    const res = await w.app.request('/api/v1/events/dispatch', { method: 'POST', headers: bridge, body: JSON.stringify({ events: [login(150001)] }) });
    expect(res.status).toBe(200);
    await w.runtime.tick();
    await w.runtime.effects.settle();
    const pending = await (await w.app.request('/api/v1/actions/pending', { headers: bridge })).json();
    expect(pending.actions).toHaveLength(1);
    expect(pending.actions[0]).toMatchObject({ action_type: 'give_reward', target_player_id: 150001, target_map: 'prontera', payload: { item_id: 501 } });
    expect(pending.actions[0].action_id).toMatch(/^player:150001\W/); // derived from the emitting actor: stable across replays
    const done = await w.app.request('/api/v1/actions/complete', { method: 'POST', headers: bridge, body: JSON.stringify({ action_id: pending.actions[0].action_id, status: 'completed' }) });
    expect(done.status).toBe(200);
    // a retried batch is a no-op: no second reward
    await w.app.request('/api/v1/events/dispatch', { method: 'POST', headers: bridge, body: JSON.stringify({ events: [login(150001)] }) });
    await w.runtime.tick();
    await w.runtime.effects.settle();
    expect(await (await w.app.request('/api/v1/actions/pending', { headers: bridge })).json()).toEqual({ actions: [] });
  });

  it('admin: list, inspect, diagram, pause/step/resume act on real actors', async () => {
    const w = await testWorld();
    runtime = w.runtime;
    await w.app.request('/api/v1/events/dispatch', { method: 'POST', headers: bridge, body: JSON.stringify({ events: [login(7)] }) });
    await w.runtime.tick();
    const gm = { authorization: `Bearer ${await tokenFor('gm')}` };
    const list = await (await w.app.request('/api/v1/admin/actors?kind=player', { headers: gm })).json();
    expect(list.items).toEqual([expect.objectContaining({ id: 'player:7', kind: 'player', state: 'online', paused: false })]);
    const detail = await (await w.app.request('/api/v1/admin/actors/player:7', { headers: gm })).json();
    expect(detail.snapshot.context).toMatchObject({ logins: 1 });
    const census = await (await w.app.request('/api/v1/admin/census', { headers: gm })).json();
    expect(census.items).toEqual([{ kind: 'player', state: 'online', count: 1 }]);
    const graph = await (await w.app.request('/api/v1/admin/actors/player:7/machine', { headers: gm })).json();
    expect(graph).toMatchObject({ kind: 'player', state: 'online' });
    expect(graph.edges.map((e: { label: string }) => e.label).sort()).toEqual(['player_login', 'player_logout']);

    expect((await w.app.request('/api/v1/admin/actors/player:7/pause', { method: 'POST', headers: gm })).status).toBe(200);
    expect(w.runtime.isPaused({ actor: 'player:7' })).toBe(true);
    await w.app.request('/api/v1/events/dispatch', { method: 'POST', headers: bridge, body: JSON.stringify({ events: [{ ...login(7), event_type: 'player_logout', timestamp: 2 }] }) });
    await w.runtime.tick();
    expect((await w.runtime.getActor('player:7'))!.state).toBe('online'); // paused: mail waits
    const step = await (await w.app.request('/api/v1/admin/actors/player:7/step', { method: 'POST', headers: gm })).json();
    expect(step.transition).toMatchObject({ actorId: 'player:7', from: 'online', to: 'offline' });
    expect((await w.app.request('/api/v1/admin/actors/player:7/resume', { method: 'POST', headers: gm })).status).toBe(200);
    expect(w.runtime.isPaused({ actor: 'player:7' })).toBe(false);
    expect((await w.audit.recent(10)).map((a) => a.action_type).sort()).toEqual(['actor.pause', 'actor.resume', 'actor.step']);
  });

  it('admin send to an unknown kind is a 404 (no such actor, nor with ?create=true), not a 500', async () => {
    const w = await testWorld();
    runtime = w.runtime;
    const admin = { authorization: `Bearer ${await tokenFor('admin')}`, 'content-type': 'application/json' };
    const res = await w.app.request('/api/v1/admin/actors/dragon:1/events', { method: 'POST', headers: admin, body: '{"type":"wake"}' });
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toContain('dragon:1');
    const create = await w.app.request('/api/v1/admin/actors/dragon:1/events?create=true', { method: 'POST', headers: admin, body: '{"type":"wake"}' });
    expect(create.status).toBe(404);
    expect((await create.json()).error.code).toBe('kind_not_found');
  });
});
