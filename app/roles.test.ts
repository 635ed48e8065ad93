import { describe, expect, it } from 'vitest';
import { until } from '../test/support/until.ts';
import { echoWorld } from '../test/reliability/fixtures/world.ts';
import { GatewayNeedsPostgresError, openGatewayNode, type GatewayNode } from './gatewayNode.ts';
import { openActionStream } from './testing/sse.ts';
import { ADMIN_KEY as ADMIN, BRIDGE_KEY as KEY, bridgeHeaders as bridge, nodeEnv as env, worldAndTwoGateways } from './testing/nodes.ts';

const url = process.env.DATABASE_URL;

async function dispatch(node: GatewayNode, tag: string, players: number): Promise<string[]> {
  const events = Array.from({ length: players }, (_, p) => ({ event_id: `${tag}-${p}`, event_type: 'custom', player_id: 150_001 + p, timestamp: 1_732_628_400_000, priority: 'normal', payload: {} }));
  const res = await fetch(`${node.gateway.url}/api/v1/events/dispatch`, { method: 'POST', headers: bridge, body: JSON.stringify({ events }) });
  expect(res.status).toBe(200);
  // the echo world broadcasts each event's journal key; with an event_id the key is derived from it
  return events.map((e) => e.event_id);
}

async function poll(node: GatewayNode): Promise<{ action_id: string; payload: { message: string } }[]> {
  const res = await fetch(`${node.gateway.url}/api/v1/actions/pending?limit=100`, { headers: bridge });
  expect(res.status).toBe(200);
  return ((await res.json()) as { actions: { action_id: string; payload: { message: string } }[] }).actions;
}

/**
 * Role `world` and role `gateway` as separate instances on one schema, composed in-process (each has its own
 * database pool, so they meet only through Postgres, as separate machines would): events posted to a gateway reach
 * the world by the journal's NOTIFY, and the actions it emits reach the gateways' streams by the outbox's NOTIFY —
 * both sweeps are set to an hour, so nothing here arrives by polling.
 */
describe.runIf(url)('a world and two gateways in separate instances', () => {
  const nodes = worldAndTwoGateways('roles', echoWorld);

  it('an event posted to a gateway reaches the world, and its action reaches another gateway\'s stream', async () => {
    const stream = await openActionStream(`${nodes.a.gateway.url}/api/v1/actions/stream`, { 'x-api-key': KEY });
    try {
      await dispatch(nodes.b, 'sse', 1);
      const [action] = await until('the action on gateway A\'s stream', () => stream.actions.length > 0 && stream.actions);
      expect(action!.payload?.message).toContain('sse-0');
      expect(nodes.world.follower.routedSeq).toBeGreaterThanOrEqual(1);
    } finally {
      stream.close();
    }
  });

  it('two gateways polling one outbox hand each action out once', async () => {
    const sent = await dispatch(nodes.a, 'poll', 20);
    const seen: string[] = [];
    await until('every action polled from one gateway or the other', async () => {
      const polled = [...(await poll(nodes.a)), ...(await poll(nodes.b))].map((x) => x.payload.message);
      seen.push(...polled.filter((m) => m.includes('poll-')));
      return seen.length >= sent.length;
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(sent.length);
  });

  it('two gateways streaming one outbox send each action to one stream only', async () => {
    const [onA, onB] = await Promise.all([
      openActionStream(`${nodes.a.gateway.url}/api/v1/actions/stream`, { 'x-api-key': KEY }),
      openActionStream(`${nodes.b.gateway.url}/api/v1/actions/stream`, { 'x-api-key': KEY }),
    ]);
    try {
      const sent = await dispatch(nodes.b, 'streams', 30);
      const ours = () => [...onA.actions, ...onB.actions].filter((x) => x.payload?.message?.includes('streams-'));
      await until('every action on one stream or the other', () => ours().length >= sent.length);
      const ids = ours().map((x) => x.action_id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(sent.length);
    } finally {
      onA.close();
      onB.close();
    }
  });

  it('says its role, and answers 503 naming it where the runtime is needed', async () => {
    expect(await (await fetch(`${nodes.a.gateway.url}/health`)).json()).toEqual({ status: 'ok', role: 'gateway', tick: null });
    expect(await (await fetch(`${nodes.a.gateway.url}/ready`)).json()).toMatchObject({ status: 'ready', role: 'gateway', runtime: null });
    for (const [method, path] of [['GET', '/api/v1/admin/actors'], ['POST', '/api/v1/admin/world/step'], ['GET', '/api/v1/admin/actions/refused']] as const) {
      const res = await fetch(`${nodes.a.gateway.url}${path}`, { method, headers: { 'x-api-key': ADMIN, 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
      expect(res.status, `${method} ${path}`).toBe(503);
      expect(await res.json()).toMatchObject({ error: { code: 'world_not_here', message: expect.stringContaining("role 'gateway'") } });
    }
  });
});

describe('role gateway', () => {
  it('refuses the embedded database, naming DATABASE_URL', async () => {
    await expect(openGatewayNode({ env: { ...env(), DATABASE_URL: '' } })).rejects.toThrow(GatewayNeedsPostgresError);
    await expect(openGatewayNode({ env: { ...env(), DATABASE_URL: '' } })).rejects.toThrow(/needs DATABASE_URL/);
  });
});
