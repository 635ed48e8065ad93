import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgeActionHandler } from '../actors/effects/bridgeActionHandler.ts';
import { uniqueSchema } from '../test/persistence/pgTargets.ts';
import { echoWorld } from '../test/reliability/fixtures/world.ts';
import { until } from '../test/support/until.ts';
import { createMidgard, type Midgard } from './createMidgard.ts';
import { openGatewayNode, type GatewayNode } from './gatewayNode.ts';
import { openWorld, type OpenedWorld, type WorldWiring } from './openWorld.ts';
import { ADMIN_KEY, bridgeHeaders, dispatchTo, dropSchema, NEVER_MS, nodeEnv, playerEvents, worldAndTwoGateways } from './testing/nodes.ts';

const url = process.env.DATABASE_URL;
/** A game server that knows no `snow` flag: the stock default set does. */
const NO_SNOW = { bridge_version: 'roles-test 2.0', renewal: false, maps: [{ name: 'prontera', width: 312, height: 392 }], map_flags: ['bexp'], templates: [] };

/**
 * The echo world, but every event asks the game to snow on prontera, through the real bridge-action handler and
 * the world's gate: allowed on the default capabilities, refused ('unknown_flag') by a server without snow.
 */
function snowWorld(): WorldWiring {
  return {
    ...echoWorld(),
    effects: ({ outbox, gate }) => {
      const handle = bridgeActionHandler({ gate, enqueue: async (action) => void (await outbox.enqueue([action])) });
      return { 'bridge.action': (effect, ctx) => handle({ ...effect, action: { action_type: 'set_map_flag', payload: { map: 'prontera', flag: 'snow', value: true } } }, ctx) };
    },
  };
}

async function putCapabilities(nodeUrl: string, body: unknown): Promise<Response> {
  return fetch(`${nodeUrl}/api/v1/bridge/capabilities`, { method: 'PUT', headers: bridgeHeaders, body: JSON.stringify(body) });
}

async function reported(nodeUrl: string): Promise<{ source: string; bridge_version: string }> {
  return (await (await fetch(`${nodeUrl}/api/v1/bridge/capabilities`, { headers: bridgeHeaders })).json()) as { source: string; bridge_version: string };
}

async function pendingSnow(nodeUrl: string): Promise<number> {
  const res = await fetch(`${nodeUrl}/api/v1/actions/pending?limit=100`, { headers: bridgeHeaders });
  return ((await res.json()) as { actions: { action_type: string }[] }).actions.filter((a) => a.action_type === 'set_map_flag').length;
}

const snowRefusals = (world: { gate: OpenedWorld['gate'] }) => world.gate.refusedCounts().find((c) => c.action_type === 'set_map_flag' && c.rule === 'unknown_flag')?.count ?? 0;

/** The handshake a bridge sends to one gateway node decides in the world (another instance) and shows on every node. */
describe.runIf(url)('the capabilities handshake, world and gateways apart', () => {
  const nodes = worldAndTwoGateways('caps', snowWorld);

  it('lets snow through on the default capabilities', async () => {
    await dispatchTo(nodes.b.gateway.url, playerEvents('before', 1));
    await until('the snow action in the outbox', async () => (await pendingSnow(nodes.b.gateway.url)) === 1);
    expect(snowRefusals(nodes.world)).toBe(0);
  });

  it("a handshake put to gateway A is reported by gateway B and refuses snow in the world", async () => {
    const res = await putCapabilities(nodes.a.gateway.url, NO_SNOW);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ source: 'handshake', bridge_version: NO_SNOW.bridge_version });
    await until("gateway B reporting A's handshake", async () => (await reported(nodes.b.gateway.url)).bridge_version === NO_SNOW.bridge_version);
    await until("the world adopting A's handshake", () => nodes.world.gate.current.capabilities.bridge_version === NO_SNOW.bridge_version);
    await dispatchTo(nodes.b.gateway.url, playerEvents('after', 1));
    await until('the world refusing snow', () => snowRefusals(nodes.world) === 1);
    expect(await pendingSnow(nodes.a.gateway.url)).toBe(0); // nothing reached the outbox for the bridge to fail on
  });

  it('a world started after the handshake starts with it', async () => {
    await nodes.world.close();
    nodes.world = await openWorld({ world: snowWorld(), schema: nodes.schema, env: nodeEnv(), journalSweepMs: NEVER_MS });
    expect(nodes.world.gate.current).toMatchObject({ source: 'handshake', capabilities: { bridge_version: NO_SNOW.bridge_version } });
  });

  it('refuses a malformed handshake and keeps the one in force everywhere', async () => {
    expect((await putCapabilities(nodes.b.gateway.url, { ...NO_SNOW, renewal: 'yes' })).status).toBe(400);
    expect((await reported(nodes.a.gateway.url)).bridge_version).toBe(NO_SNOW.bridge_version);
    expect(nodes.world.gate.current.capabilities.bridge_version).toBe(NO_SNOW.bridge_version);
  });
});

/** Role all stores the handshake the same way: a node beside it sees what it was sent, and the other way round. */
describe.runIf(url)('the capabilities handshake, role all', () => {
  const schema = uniqueSchema('caps_all');
  let all: Midgard;
  let node: GatewayNode;

  beforeAll(async () => {
    all = await createMidgard({ world: snowWorld(), schema, env: nodeEnv(), journalSweepMs: NEVER_MS });
    node = await openGatewayNode({ schema, env: nodeEnv(), actionSweepMs: NEVER_MS });
  }, 60_000);
  afterAll(async () => {
    await node?.close();
    await all?.close();
    await dropSchema(schema);
  });

  it('a handshake put to role all shows on the gateway node', async () => {
    expect((await putCapabilities(all.gateway.url, { ...NO_SNOW, bridge_version: 'to-all' })).status).toBe(200);
    await until('the gateway node reporting it', async () => (await reported(node.gateway.url)).bridge_version === 'to-all');
  });

  it("a handshake put to the gateway node decides in role all's world", async () => {
    expect((await putCapabilities(node.gateway.url, { ...NO_SNOW, bridge_version: 'to-node' })).status).toBe(200);
    await until('role all reporting it', async () => (await reported(all.gateway.url)).bridge_version === 'to-node');
    await dispatchTo(node.gateway.url, playerEvents('all-after', 1));
    await until("role all's world refusing snow", async () => {
      const res = await fetch(`${all.gateway.url}/api/v1/admin/actions/refused`, { headers: { 'x-api-key': ADMIN_KEY } });
      const body = (await res.json()) as { counts: { action_type: string; rule: string; count: number }[] };
      return body.counts.some((c) => c.action_type === 'set_map_flag' && c.rule === 'unknown_flag');
    });
  });
});
