import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../persistence/database.ts';
import { until } from '../test/support/until.ts';
import { createMidgard, type Midgard } from './createMidgard.ts';
import { openGatewayNode, type GatewayNode } from './gatewayNode.ts';
import { openWorld, type OpenedWorld } from './openWorld.ts';
import { dispatchTo, dropSchema, NEVER_MS, nodeEnv, playerEvents, recordingEchoWorld } from './testing/nodes.ts';
import { uniqueSchema } from '../test/persistence/pgTargets.ts';

const url = process.env.DATABASE_URL;
const LIMIT = 10; // the default per-player limit, events per second

/**
 * Posts 12 events of one player and a marker of another (after them in the journal) to `node`: the limit holds
 * 2. Once the world routed the marker it has decided every event before it (the follower routes in seq order),
 * so the ones it routed are final: exactly the journal's unheld ones, never a held one.
 */
async function spamReachesOnlyUnheld(nodeUrl: string, tag: string, db: Database, routed: string[]): Promise<void> {
  const events = playerEvents(tag, LIMIT + 2, 1);
  expect(await dispatchTo(nodeUrl, events)).toMatchObject({ accepted: LIMIT + 3, throttled: 2 });
  const marker = events.at(-1)!.event_id!;
  await until(`the world routing ${marker}`, () => routed.includes(marker));
  const held = (await db.sql<{ key: string }[]>`select key from event_journal where held and key like ${`${tag}-%`}`).map((r) => r.key);
  expect(held).toHaveLength(2);
  const mine = routed.filter((key) => key.startsWith(`${tag}-`));
  expect(mine).toHaveLength(LIMIT + 1);
  expect(mine.filter((key) => held.includes(key))).toEqual([]);
}

describe.runIf(url)('held events, role all', () => {
  const schema = uniqueSchema('held_all');
  const { world, routed } = recordingEchoWorld();
  let all: Midgard;
  let gateway: GatewayNode;

  beforeAll(async () => {
    all = await createMidgard({ world, schema, env: nodeEnv(), journalSweepMs: NEVER_MS });
    gateway = await openGatewayNode({ schema, env: nodeEnv(), actionSweepMs: NEVER_MS });
  }, 60_000);
  afterAll(async () => {
    await gateway?.close();
    await all?.close();
    await dropSchema(schema);
  });

  it('never routes what its own gateway held (handed over in-process)', async () => {
    await spamReachesOnlyUnheld(all.gateway.url, 'own', all.db, routed);
  });

  it('never routes what a gateway node beside it held (read after the NOTIFY)', async () => {
    await spamReachesOnlyUnheld(gateway.gateway.url, 'beside', all.db, routed);
  });
});

describe.runIf(url)('held events, world and gateway apart', () => {
  const schema = uniqueSchema('held_apart');
  const { world: wiring, routed } = recordingEchoWorld();
  let world: OpenedWorld;
  let gateway: GatewayNode;

  beforeAll(async () => {
    world = await openWorld({ world: wiring, schema, env: nodeEnv(), journalSweepMs: NEVER_MS });
    gateway = await openGatewayNode({ schema, env: nodeEnv(), actionSweepMs: NEVER_MS });
  }, 60_000);
  afterAll(async () => {
    await gateway?.close();
    await world?.close();
    await dropSchema(schema);
  });

  it('never routes what a gateway in another instance held', async () => {
    await spamReachesOnlyUnheld(gateway.gateway.url, 'apart', world.db, routed);
  });

});
