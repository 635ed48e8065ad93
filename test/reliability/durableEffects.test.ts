import { afterAll, describe, expect, it } from 'vitest';
import { createMidgard, type Midgard } from '../../app/createMidgard.ts';
import { openDatabase } from '../../persistence/database.ts';
import { uniqueSchema } from '../persistence/pgTargets.ts';
import { until } from '../support/until.ts';
import { echoWorld, type OutboxSwitch } from './fixtures/world.ts';

const url = process.env.DATABASE_URL;
const KEY = 'durable-test-key';
const PLAYERS = 10;

/**
 * Effects are durable before they are acknowledged to the world: actions emitted while the outbox cannot be
 * written are retried, ride with every checkpoint taken meanwhile, and land after a restart — each once.
 */
describe.runIf(url)('durable effects through an outbox outage and a restart', () => {
  const schema = uniqueSchema('durable');
  const running: Midgard[] = [];
  afterAll(async () => {
    for (const m of running) await m.close().catch(() => {});
    const db = await openDatabase({ url, schema, max: 1 });
    await db.sql`drop schema if exists ${db.sql(schema)} cascade`;
    await db.close();
  });

  const start = async (outbox: OutboxSwitch) => {
    const m = await createMidgard({
      world: echoWorld(outbox),
      schema,
      env: { DATABASE_URL: url, MIDGARD_PORT: '0', MIDGARD_HOST: '127.0.0.1', MIDGARD_API_KEYS: KEY, MIDGARD_WORKERS: '0', MIDGARD_TICK_MS: '20', MIDGARD_CHECKPOINT_TICKS: '2', REDIS_URL: '', MIDGARD_LOG_LEVEL: 'silent' },
    });
    running.push(m);
    return m;
  };
  const dispatch = async (m: Midgard, n: number) => {
    const events = Array.from({ length: PLAYERS }, (_, p) => ({ event_id: `d-${n}-${p}`, event_type: 'custom', player_id: 150_001 + p, timestamp: 1_732_628_400_000 + n, priority: 'normal', payload: {} }));
    const res = await fetch(`${m.gateway.url}/api/v1/events/dispatch`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: JSON.stringify({ events }) });
    expect(res.status).toBe(200);
    return events.map((e) => e.event_id);
  };

  it('finds every action after the outbox was down across checkpoints and a restart', async () => {
    const outbox: OutboxSwitch = { down: false };
    const first = await start(outbox);
    const acked = [...(await dispatch(first, 0))];
    const own = await openDatabase({ url, schema, max: 1 });
    const messages = async () => (await own.sql<{ m: string }[]>`select payload->>'message' as m from action_outbox`).map((r) => r.m);
    await until('the first actions to land', async () => (await messages()).length === PLAYERS);

    outbox.down = true;
    acked.push(...(await dispatch(first, 1)), ...(await dispatch(first, 2)));
    await until('the actions to be emitted and held back', () => first.runtime.effects.unlanded() === 2 * PLAYERS);
    const checkpointed = first.runtime.stats().tick;
    await until('a checkpoint to carry them', () => first.runtime.stats().tick > checkpointed + 4);
    await first.close(); // the last checkpoint too carries the held-back effects
    running.splice(running.indexOf(first), 1);
    expect((await messages()).length).toBe(PLAYERS);

    outbox.down = false;
    const second = await start(outbox);
    acked.push(...(await dispatch(second, 3)));
    const landed = await until('every acknowledged event to have its action', async () => {
      const m = await messages();
      return acked.every((id) => m.includes(id)) ? m : null;
    }, { timeoutMs: 30_000 });
    expect(landed).toHaveLength(acked.length); // none twice, none extra
    expect(second.runtime.effects.unlanded()).toBe(0);
    await own.close();
  }, 120_000);
});
