import { sign } from 'hono/jwt';
import { createMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { makeHarness, TEST_SECRET } from '../testing/harness.ts';
import { machineGraph } from '../machine-graph/index.ts';
import { layoutMachine, machineLayoutRoutes, wrapSelfEvents, type LaidOutNode } from './machine-layout.ts';
import { reducerLogic } from '../../machines/kit/reducer.ts';

const shop = createMachine({
  id: 'npc',
  initial: 'idle',
  on: { hit: '.fleeing', tick: {} },
  states: {
    idle: { on: { wake: 'working' } },
    working: { initial: 'gathering', on: { rest: 'idle' }, states: { gathering: { on: { full: 'selling' } }, selling: { on: { sold: 'gathering' } } } },
    fleeing: { on: { safe: 'idle' } },
  },
});

const inside = (child: LaidOutNode, parent: LaidOutNode) =>
  child.x >= parent.x && child.y >= parent.y && child.x + child.width <= parent.x + parent.width + 0.5 && child.y + child.height <= parent.y + parent.height + 0.5;
const overlap = (a: LaidOutNode, b: LaidOutNode) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('layoutMachine', () => {
  it('nests compound states, keeps siblings apart and routes arrows between the right boxes', async () => {
    const layout = await layoutMachine(machineGraph(shop)!);
    const node = (id: string) => layout.nodes.find((n) => n.id === id)!;
    expect(layout.nodes.map((n) => n.id).sort()).toEqual(['npc', 'npc.fleeing', 'npc.idle', 'npc.working', 'npc.working.gathering', 'npc.working.selling']);
    for (const n of layout.nodes) if (n.parent) expect(inside(n, node(n.parent)), `${n.id} inside ${n.parent}`).toBe(true);
    expect(overlap(node('npc.idle'), node('npc.working'))).toBe(false);
    expect(overlap(node('npc.working.gathering'), node('npc.working.selling'))).toBe(false);
    expect(overlap(node('npc.fleeing'), node('npc.working'))).toBe(false);

    // every arrow starts on its source box's border and ends on its target's (absolute coordinates)
    const onBorder = (p: { x: number; y: number }, n: LaidOutNode) =>
      p.x >= n.x - 1 && p.x <= n.x + n.width + 1 && p.y >= n.y - 1 && p.y <= n.y + n.height + 1;
    expect(layout.edges.map((e) => e.label).sort()).toEqual(['full', 'rest', 'safe', 'sold', 'wake']);
    for (const e of layout.edges) {
      expect(onBorder(e.points[0]!, node(e.source)), `${e.label} leaves ${e.source}`).toBe(true);
      expect(onBorder(e.points.at(-1)!, node(e.target)), `${e.label} reaches ${e.target}`).toBe(true);
    }
    // a parent's own events (self-loops, entering its child) are listed in the box rather than drawn
    expect(node('npc').selfEvents).toEqual(['hit → fleeing', 'tick']);
    expect(layout.eventTypes).toEqual(['full', 'hit', 'rest', 'safe', 'sold', 'tick', 'wake']);
    expect(layout.width).toBeGreaterThanOrEqual(node('npc').x + node('npc').width);
  });
});

describe('self events', () => {
  it('wraps listed events into short lines the box is sized for, losing none', async () => {
    const events = ['npc.wake', 'npc.chat', 'npc.trade.offer', 'npc.trade.accept', 'npc.trade.decline', 'rumour.seed', 'npc.danger', 'a-very-long-event-name-that-is-longer-than-a-line-on-its-own'];
    const lines = wrapSelfEvents(events);
    expect(lines.join(' ').replace(/^↻ /, '').split(/,? /)).toEqual(events);
    for (const line of lines.slice(0, -1)) expect(line.length).toBeLessThanOrEqual(44);
    const chatty = createMachine({ id: 'npc', initial: 'idle', states: { idle: { on: Object.fromEntries(events.map((e) => [e, {}])) } } });
    const layout = await layoutMachine(machineGraph(chatty)!);
    const idle = layout.nodes.find((n) => n.id === 'npc.idle')!;
    expect(idle.selfLines).toEqual(lines);
    expect(idle.width).toBeGreaterThanOrEqual(Math.max(...lines.slice(0, -1).map((l) => l.length)) * 6.8);
    expect(idle.height).toBeGreaterThanOrEqual(38 + lines.length * 13);
  });
});

describe('machineLayoutRoutes', () => {
  const harness = () => {
    const h = makeHarness();
    h.app.route('/', machineLayoutRoutes(h.deps));
    return h;
  };
  const bearer = async (role: string) => ({ authorization: `Bearer ${await sign({ sub: 'u', role, exp: Math.floor(Date.now() / 1000) + 600 }, TEST_SECRET, 'HS256')}` });

  it('serves the laid-out machine with the actor state to a gm', async () => {
    const h = harness();
    const res = await h.app.request('/api/v1/admin/actors/npc:kafra/machine/layout', { headers: await bearer('gm') });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { kind: string; layout: { machineId: string; nodes: unknown[] } };
    expect(body.kind).toBe('npc');
    expect(body.layout.machineId).toBe('npc');
    expect(body.layout.nodes.length).toBe(3);
  });

  it('draws no diagram for a reaction table: its event table instead, with only the examples it handles', async () => {
    const ledger = reducerLogic({ id: 'ledger', context: () => ({ n: 0 }), on: { add: (ctx) => ({ context: { n: ctx.n + 1 }, out: [] }) } });
    const h = makeHarness({}, {
      logicOf: (kind) => (kind === 'ledger' ? ledger : undefined),
    });
    // the Runtime exposes its catalogue as `kinds`: the declaration's examples come from there
    Object.assign(h.world, { kinds: new Map([['ledger', { exampleEvents: [{ type: 'add', n: 1 }, { type: 'sub', n: 1 }] }]]) });
    const res = await h.app.request('/api/v1/admin/actors/ledger:1/machine/layout', { headers: await bearer('gm') });
    expect(await res.json()).toMatchObject({
      kind: 'ledger', shape: 'reducer', layout: null, eventTypes: ['add'],
      events: [{ type: 'add', states: null, example: { type: 'add', n: 1 } }], exampleEvents: [{ type: 'add', n: 1 }], unhandled: ['sub'],
    });
  });

  it('refuses players, unknown kinds and malformed ids with the gateway error shape', async () => {
    const h = harness();
    const player = await h.app.request('/api/v1/admin/actors/npc:kafra/machine/layout', { headers: await bearer('player') });
    expect(player.status).toBe(403);
    const anon = await h.app.request('/api/v1/admin/actors/npc:kafra/machine/layout');
    expect(anon.status).toBe(401);
    const unknown = await h.app.request('/api/v1/admin/actors/ghost:1/machine/layout', { headers: await bearer('gm') });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('kind_not_found');
    const bad = await h.app.request('/api/v1/admin/actors/NOT-AN-ID/machine/layout', { headers: await bearer('gm') });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
  });
});
