import { describe, expect, it } from 'vitest';
import { auditBy, makeHarness, tokenFor } from '../../testing/harness.ts';

describe('admin world API', () => {
  it('reports the clock, steps a tick while paused, and changes speed', async () => {
    const h = makeHarness();
    const auth = { authorization: `Bearer ${await tokenFor('admin')}`, 'content-type': 'application/json' };
    const world = await (await h.app.request('/api/v1/admin/world', { headers: auth })).json();
    expect(world.clock).toMatchObject({ tick: 0, paused: false });
    await h.app.request('/api/v1/admin/world/pause', { method: 'POST', headers: auth });
    const stepped = await (await h.app.request('/api/v1/admin/world/step', { method: 'POST', headers: auth })).json();
    expect(stepped.clock).toMatchObject({ tick: 1, paused: true });
    const fast = await h.app.request('/api/v1/admin/world/speed', { method: 'PUT', headers: auth, body: '{"speed":"max"}' });
    expect((await fast.json()).clock.speed).toBe('max');
    expect(h.world.writes().map((c) => c.method)).toEqual(['pause', 'stepWorld', 'setSpeed']);
    expect((await auditBy(h, 'accepted')).map((a) => a.action_type).sort()).toEqual(['world.pause', 'world.speed', 'world.step']);
  });

  it('refuses speeds that are not positive numbers or "max"', async () => {
    const h = makeHarness();
    const auth = { authorization: `Bearer ${await tokenFor('admin')}`, 'content-type': 'application/json' };
    for (const body of ['{"speed":0}', '{"speed":-2}', '{"speed":"fast"}', '{"speed":1e9}', '{}', '{"speed":2,"x":1}', 'speed=2']) {
      expect((await h.app.request('/api/v1/admin/world/speed', { method: 'PUT', headers: auth, body })).status).toBe(400);
    }
    expect(h.world.writes()).toEqual([]);
    expect(await auditBy(h, 'accepted')).toEqual([]);
    expect((await auditBy(h, 'refused')).map((a) => a.outcome.status)).toEqual([400, 400, 400, 400, 400, 400, 400]);
  });

  it('snapshot now flushes the runtime', async () => {
    const h = makeHarness();
    const res = await h.app.request('/api/v1/admin/world/snapshot', { method: 'POST', headers: { authorization: `Bearer ${await tokenFor('admin')}` } });
    expect(res.status).toBe(200);
    expect(h.world.writes().map((c) => c.method)).toEqual(['flush']);
  });

  it('counts actors per kind and state', async () => {
    const h = makeHarness();
    h.world.actors.get('npc:guard')!.state = 'patrolling';
    h.world.actors.get('npc:guard')!.paused = true;
    const res = await h.app.request('/api/v1/admin/census', { headers: { authorization: `Bearer ${await tokenFor('gm')}` } });
    expect(await res.json()).toEqual({
      items: [
        { kind: 'faction', state: 'idle', count: 1 },
        { kind: 'npc', state: 'idle', count: 1 },
        { kind: 'npc', state: 'patrolling', count: 1 },
      ],
      kinds: [
        { kind: 'faction', actors: 1, paused: 0, kindPaused: false },
        { kind: 'npc', actors: 2, paused: 1, kindPaused: false },
      ],
    });
  });
});
