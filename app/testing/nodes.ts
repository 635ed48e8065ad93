import { afterAll, beforeAll } from 'vitest';
import type { GameEvent } from '../../persistence/types.ts';
import { openDatabase } from '../../persistence/database.ts';
import { uniqueSchema } from '../../test/persistence/pgTargets.ts';
import { echoWorld } from '../../test/reliability/fixtures/world.ts';
import { openGatewayNode, type GatewayNode } from '../gatewayNode.ts';
import { openWorld, type OpenedWorld, type WorldWiring } from '../openWorld.ts';

/**
 * What the role suites share: settings for a node on one test schema (real Postgres, an ephemeral port, no
 * Redis), the bridge's headers, an echo world that records what it routed, and dropping the schema after.
 */
export const BRIDGE_KEY = 'roles-test-bridge-key';
export const ADMIN_KEY = 'roles-test-admin-key-0123456789';
/** Longer than any test: what arrives came by a NOTIFY wake-up, not by a sweep. */
export const NEVER_MS = 3_600_000;
export const bridgeHeaders = { 'content-type': 'application/json', 'x-api-key': BRIDGE_KEY };

export function nodeEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return {
    DATABASE_URL: process.env.DATABASE_URL, MIDGARD_PORT: '0', MIDGARD_HOST: '127.0.0.1', MIDGARD_API_KEYS: BRIDGE_KEY, MIDGARD_ADMIN_API_KEYS: ADMIN_KEY,
    MIDGARD_WORKERS: '0', MIDGARD_TICK_MS: '20', MIDGARD_CHECKPOINT_TICKS: '5', REDIS_URL: '', MIDGARD_LOG_LEVEL: 'silent', ...extra,
  };
}

/** `custom` events with ids `<tag>-<i>`, the first `spam` of them from one player, then one from each of `others`. */
export function playerEvents(tag: string, spam: number, others = 0): GameEvent[] {
  const event = (i: number, player: number): GameEvent => ({ event_id: `${tag}-${i}`, event_type: 'custom', player_id: player, timestamp: 1_732_628_400_000 + i, priority: 'normal', payload: {} });
  return [...Array.from({ length: spam }, (_, i) => event(i, 150_001)), ...Array.from({ length: others }, (_, i) => event(spam + i, 150_100 + i))];
}

/** POSTs a batch to a node's dispatch route; returns its answer. */
export async function dispatchTo(url: string, events: GameEvent[]): Promise<{ accepted: number; duplicates: number; throttled: number }> {
  const res = await fetch(`${url}/api/v1/events/dispatch`, { method: 'POST', headers: bridgeHeaders, body: JSON.stringify({ events }) });
  if (res.status !== 200) throw new Error(`dispatch answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { accepted: number; duplicates: number; throttled: number };
}

/** The echo world (one action per routed event), recording the journal key of every event it routed. */
export function recordingEchoWorld(): { world: WorldWiring; routed: string[] } {
  const base = echoWorld();
  const routed: string[] = [];
  return {
    routed,
    world: {
      ...base,
      dispatchGameEvent(send, event, key) {
        routed.push(key);
        return base.dispatchGameEvent(send, event, key);
      },
    },
  };
}

/** A world and two gateway nodes on one schema: set before the tests of the block that asked for them. */
export interface WorldAndGateways {
  readonly schema: string;
  /** a test may close it and put another in its place: whichever is here at the end is closed */
  world: OpenedWorld;
  a: GatewayNode;
  b: GatewayNode;
}

/**
 * For the describe block it is called in: a world (`wiring`) and two gateway nodes, separate instances on a fresh
 * schema with their sweeps off (what arrives came by a NOTIFY wake-up), opened before its tests; closed, and the
 * schema dropped, after them.
 */
export function worldAndTwoGateways(prefix: string, wiring: () => WorldWiring): WorldAndGateways {
  const nodes = { schema: uniqueSchema(prefix) } as WorldAndGateways;
  const gateway = () => openGatewayNode({ schema: nodes.schema, env: nodeEnv(), actionSweepMs: NEVER_MS });
  beforeAll(async () => {
    nodes.world = await openWorld({ world: wiring(), schema: nodes.schema, env: nodeEnv(), journalSweepMs: NEVER_MS });
    [nodes.a, nodes.b] = await Promise.all([gateway(), gateway()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([nodes.a?.close(), nodes.b?.close()]);
    await nodes.world?.close();
    await dropSchema(nodes.schema);
  });
  return nodes;
}

export async function dropSchema(schema: string): Promise<void> {
  const db = await openDatabase({ url: process.env.DATABASE_URL, schema, max: 1 });
  await db.sql`drop schema if exists ${db.sql(schema)} cascade`;
  await db.close();
}
