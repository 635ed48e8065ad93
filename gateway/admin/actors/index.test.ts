import { describe, expect, it } from 'vitest';
import { reducerLogic, step } from '../../../machines/kit/reducer.ts';
import { auditBy, makeHarness, npcMachine, tokenFor } from '../../testing/harness.ts';

async function as(role: 'gm' | 'admin', h = makeHarness()) {
  const auth = { authorization: `Bearer ${await tokenFor(role, `${role}-alice`)}` };
  const get = (path: string) => h.app.request(path, { headers: auth });
  const post = (path: string, body?: unknown) =>
    h.app.request(path, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { h, get, post };
}

describe('admin actors API', () => {
  it('lists and searches by kind, paused and id substring, with paging', async () => {
    const { h, get, post } = await as('gm');
    expect((await (await get('/api/v1/admin/actors')).json()).total).toBe(3);
    const npcs = await (await get('/api/v1/admin/actors?kind=npc')).json();
    expect(npcs.items.map((a: { id: string }) => a.id).sort()).toEqual(['npc:guard', 'npc:kafra']);
    await post('/api/v1/admin/actors/npc:guard/pause');
    const paused = await (await get('/api/v1/admin/actors?paused=true')).json();
    expect(paused.items.map((a: { id: string }) => a.id)).toEqual(['npc:guard']);
    expect((await (await get('/api/v1/admin/actors?q=kaf')).json()).items.map((a: { id: string }) => a.id)).toEqual(['npc:kafra']);
    const page = await (await get('/api/v1/admin/actors?offset=1&limit=1')).json();
    expect(page).toMatchObject({ total: 3 });
    expect(page.items).toHaveLength(1);
    expect(h.world.actors.get('npc:guard')!.paused).toBe(true);
    for (const bad of ['?paused=yes', '?limit=0', '?limit=501', '?offset=-1', '?sort=id']) {
      expect((await get(`/api/v1/admin/actors${bad}`)).status).toBe(400);
    }
  });

  it('shows one actor, 404 for an unknown one, 400 for a malformed id', async () => {
    const { get } = await as('gm');
    const kafra = await (await get('/api/v1/admin/actors/npc:kafra')).json();
    expect(kafra).toMatchObject({ id: 'npc:kafra', kind: 'npc', state: 'idle', snapshot: { value: 'idle' }, timers: [], recentTransitions: [] });
    const missing = await get('/api/v1/admin/actors/npc:nobody');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('actor_not_found');
    expect((await get('/api/v1/admin/actors/not-an-id')).status).toBe(400);
  });

  it("serves the kind's machine as nodes and edges with the actor's state", async () => {
    const { get } = await as('gm');
    const graph = await (await get('/api/v1/admin/actors/npc:kafra/machine')).json();
    expect(graph).toMatchObject({ kind: 'npc', shape: 'machine', state: 'idle', machineId: 'npc', accepts: ['rest', 'wake'] });
    expect(graph.nodes.map((n: { id: string }) => n.id).sort()).toEqual(['npc', 'npc.idle', 'npc.working']);
    expect(graph.edges.map((e: { label: string }) => e.label).sort()).toEqual(['rest', 'wake']);
    // the event table says in which states each event is handled
    expect(graph.events).toEqual([{ type: 'rest', states: ['working'], example: null }, { type: 'wake', states: ['idle'], example: null }]);
    expect((await get('/api/v1/admin/actors/faction:prontera/machine')).status).toBe(404);
  });

  it('serves a reaction table as its event table (no diagram, no not_a_machine), and refuses what the table does not handle', async () => {
    const ledger = reducerLogic({ id: 'ledger', context: () => ({ n: 0 }), on: { add: (ctx) => step({ n: ctx.n + 1 }) } });
    const h = makeHarness({}, { logicOf: (kind) => (kind === 'ledger' ? ledger : kind === 'npc' ? npcMachine : undefined) });
    Object.assign(h.world, { kinds: new Map([['ledger', { exampleEvents: [{ type: 'add', n: 2 }] }]]) });
    const { get, post } = await as('admin', h);
    const table = await (await get('/api/v1/admin/actors/ledger:1/machine')).json();
    expect(table).toEqual({
      kind: 'ledger', shape: 'reducer', state: null, accepts: ['add'], unhandled: [],
      events: [{ type: 'add', states: null, example: { type: 'add', n: 2 } }], examples: [{ type: 'add', n: 2 }],
    });
    const fly = await post('/api/v1/admin/actors/ledger:1/events?create=true', { type: 'ledger.fly' });
    expect(fly.status).toBe(400);
    expect((await fly.json()).error.message).toBe("ledger actors do not handle 'ledger.fly'; they handle: add");
    expect((await post('/api/v1/admin/actors/ledger:1/events?create=true', { type: 'add', n: 2 })).status).toBe(202);
  });

  it('pauses, steps and resumes one actor, each landing in the audit log with who, what and where', async () => {
    const { h, post } = await as('gm');
    expect((await post('/api/v1/admin/actors/npc:kafra/pause')).status).toBe(200);
    const step = await (await post('/api/v1/admin/actors/npc:kafra/step')).json();
    expect(step.transition).toMatchObject({ actorId: 'npc:kafra', from: 'idle', to: 'busy' });
    expect((await post('/api/v1/admin/actors/npc:kafra/resume')).status).toBe(200);
    expect(h.world.writes().map((c) => [c.method, c.args[0]])).toEqual([
      ['pause', { actor: 'npc:kafra' }],
      ['step', 'npc:kafra'],
      ['resume', { actor: 'npc:kafra' }],
    ]);
    const audit = (await h.audit.recent(10)).reverse();
    expect(audit.map((a) => a.action_type)).toEqual(['actor.pause', 'actor.step', 'actor.resume']);
    expect(audit[0]).toMatchObject({ admin_user: 'gm-alice', action_data: { actorId: 'npc:kafra' } });
    expect(audit[0]).toHaveProperty('ip_address');
  });

  it('404s a pause of an unknown actor without touching the runtime or the audit log', async () => {
    const { h, post } = await as('gm');
    expect((await post('/api/v1/admin/actors/npc:ghost/pause')).status).toBe(404);
    expect(h.world.writes()).toEqual([]);
    expect(await auditBy(h, 'accepted')).toEqual([]);
    // the refusal itself is on record, with its status and the reason the client was given
    expect(await auditBy(h, 'refused')).toMatchObject([
      { admin_user: 'gm-alice', action_type: 'POST /api/v1/admin/actors/npc:ghost/pause', outcome: { result: 'refused', status: 404, reason: expect.stringMatching(/npc:ghost/) } },
    ]);
  });

  it('pauses and steps a whole kind', async () => {
    const { h, post } = await as('gm');
    const paused = await post('/api/v1/admin/kinds/npc/pause');
    expect(await paused.json()).toEqual({ ok: true, kind: 'npc', paused: true, actors: 2 }); // how many it affected
    expect(await (await post('/api/v1/admin/kinds/npc/step')).json()).toEqual({ actors: 2, stepped: 2 });
    expect(h.world.writes().map((c) => c.method)).toEqual(['pause', 'step', 'step']);
    expect((await post('/api/v1/admin/kinds/NPC!/pause')).status).toBe(400);
    const typo = await post('/api/v1/admin/kinds/npcs/pause'); // no actor and no machine: a typo, refused
    expect(typo.status).toBe(404);
    expect((await typo.json()).error.code).toBe('kind_not_found');
    expect(h.world.writes()).toHaveLength(3);
    expect((await auditBy(h, 'accepted')).map((a) => a.action_data)).toContainEqual({ kind: 'npc', actors: 2 });
  });

  it('refuses a send to an actor that does not exist unless asked to create it, and event types the kind does not handle', async () => {
    const { h, post } = await as('admin');
    const typo = await post('/api/v1/admin/actors/npc:99999/events', { type: 'wake' });
    expect(typo.status).toBe(404);
    expect((await typo.json()).error.message).toContain('?create=true');
    expect((await post('/api/v1/admin/actors/npc:99999/events?create=true', { type: 'wake' })).status).toBe(202);
    expect((await post('/api/v1/admin/actors/ghost:1/events?create=true', { type: 'wake' })).status).toBe(404); // no such kind
    const unknown = await post('/api/v1/admin/actors/npc:kafra/events', { type: 'wkae' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ error: { code: 'unknown_event_type', message: "npc actors do not handle 'wkae'; they handle: rest, wake" } });
    expect(h.world.writes()).toEqual([{ method: 'send', args: ['npc:99999', { type: 'wake' }, 'admin'] }]);
    expect(await auditBy(h, 'accepted')).toHaveLength(1);
  });

  it('sends an event from an admin, tagged as coming from admin, and refuses malformed ones', async () => {
    const { h, post } = await as('admin');
    const res = await post('/api/v1/admin/actors/npc:kafra/events', { type: 'wake', reason: 'festival' });
    expect(res.status).toBe(202);
    expect(h.world.writes()).toEqual([{ method: 'send', args: ['npc:kafra', { type: 'wake', reason: 'festival' }, 'admin'] }]);
    for (const bad of [{}, { type: 7 }, { type: '' }, { type: '<b>x</b>' }, [1, 2]]) {
      expect((await post('/api/v1/admin/actors/npc:kafra/events', bad)).status).toBe(400);
    }
    const big = await post('/api/v1/admin/actors/npc:kafra/events', { type: 'wake', blob: 'y'.repeat(11_000) });
    expect(big.status).toBe(413);
    expect(h.world.writes()).toHaveLength(1);
    expect(await auditBy(h, 'accepted')).toHaveLength(1);
  });
});
