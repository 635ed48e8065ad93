import type { AnyActorLogic } from 'xstate';
import { ActionGate } from '../actors/effects/ActionGate.ts';
import { Runtime } from '../runtime/Runtime.ts';
import type { EffectHandler } from '../runtime/control.ts';
import type { ActionOutbox, GameEvent, JournaledEvent } from '../persistence/types.ts';
import { openDatabase, type Database } from '../persistence/database.ts';
import { migrate } from '../persistence/migrate.ts';
import { PgAuditLog, PgJournal, PgOutbox, PgRefusedEvents, PgSnapshotStore } from '../persistence/pg/index.ts';
import { PgDecisionRecorder } from '../persistence/pg/PgDecisionRecorder.ts';
import { openCache, openPubSub, openRateLimits } from '../persistence/redis/index.ts';
import { createGateway, loadGatewayConfig, startGateway, type GatewayHandle } from '../gateway/index.ts';
import { aiEffectHandler } from '../ai/effectHandler.ts';
import { aiRouterFromEnv } from '../ai/config.ts';
import { loadWorldConfig, type WorldConfig } from './config.ts';
import { log } from '../runtime/log.ts';
import type { PlainEvent } from '../machines/kit/outputs.ts';

/** What a world brings to the runtime: its actor kinds, how game events reach actors, and how it begins. */
export interface WorldWiring {
  catalogue: URL;
  /** route a journaled game event to actors, tracing each message by the event's journal key */
  dispatchGameEvent(send: (to: string, event: PlainEvent, trace: string) => void, event: GameEvent, key: string): number;
  /** run once when the world is new (not restored): register and wake the initial population */
  bootstrap?(runtime: Runtime, config: WorldConfig): void;
  /** main-thread effect handlers by effect kind (bridge actions, logs, …), given the action outbox */
  effects?(deps: { outbox: ActionOutbox; gate: ActionGate }): Record<string, EffectHandler>;
}

export interface MidgardOptions {
  world: WorldWiring;
  env?: Record<string, string | undefined>;
  /** Postgres schema (tests use one each); default public */
  schema?: string;
  /** Redis key prefix (tests use one each) */
  redisPrefix?: string;
  /** PGlite data dir override (null = in memory) */
  dataDir?: string | null;
}

export interface Midgard {
  runtime: Runtime;
  gateway: GatewayHandle;
  db: Database;
  close(): Promise<void>;
}

/**
 * The composition root: the one place that knows every part. Start-up order matters for "nothing
 * acknowledged is lost": restore the world, re-route journaled events the last checkpoint had not covered,
 * and only then open the gateway.
 *
 * @example
 * const midgard = await createMidgard({ world: realWorld() });
 * process.once('SIGTERM', () => midgard.close());
 */
export async function createMidgard(options: MidgardOptions): Promise<Midgard> {
  const env = options.env ?? process.env;
  const worldConfig = loadWorldConfig(env);
  const gatewayConfig = loadGatewayConfig(env);
  const db = await openDatabase({ url: env.DATABASE_URL || undefined, schema: options.schema ?? (env.MIDGARD_DB_SCHEMA || undefined), dataDir: options.dataDir });
  await migrate(db.sql);
  const store = new PgSnapshotStore(db.sql);
  const journal = new PgJournal(db.sql);
  const outbox = new PgOutbox(db.sql);
  const audit = new PgAuditLog(db.sql);
  const redis = { redisUrl: env.REDIS_URL || undefined, prefix: options.redisPrefix };
  const [cache, pubsub, rateLimits] = await Promise.all([openCache(redis), openPubSub(redis), openRateLimits(redis)]);

  let routedSeq = 0;
  const runtime = await Runtime.create({
    catalogue: options.world.catalogue,
    workers: worldConfig.workers,
    seed: worldConfig.seed,
    store,
    restore: true,
    tickMs: worldConfig.tickMs,
    speed: worldConfig.speed,
    passivateAfterMs: worldConfig.passivateAfterMs,
    snapshotEveryTicks: worldConfig.checkpointTicks,
    flushEveryTicks: worldConfig.checkpointTicks,
    checkpointExtras: () => ({ journalSeq: routedSeq }),
    onCheckpoint: async (extras) => journal.markApplied((extras as { journalSeq: number }).journalSeq),
  });

  const route = (events: JournaledEvent[]) => {
    for (const event of events) {
      options.world.dispatchGameEvent((to, message, trace) => runtime.send(to, message, 'game', trace), event, event.key);
      routedSeq = Math.max(routedSeq, event.seq);
    }
  };

  // Events journaled (acknowledged) after the last checkpoint: their effects are not in the restored world yet.
  const restored = runtime.restoredExtras as { journalSeq?: number } | undefined;
  routedSeq = restored?.journalSeq ?? (await journal.appliedUpTo());
  for (let page = await journal.after(routedSeq, 1000); page.length; page = await journal.after(routedSeq, 1000)) route(page);
  if (!restored) options.world.bootstrap?.(runtime, worldConfig);

  const ai = aiRouterFromEnv(env, { l2: cache, rateLimits, recorder: new PgDecisionRecorder(db.sql) });
  runtime.onEffect('ai.decide', aiEffectHandler(ai));
  // one gate: the bridge's handshake (gateway) decides what the bridge-action handler lets through
  const gate = new ActionGate();
  for (const [kind, handler] of Object.entries(options.world.effects?.({ outbox, gate }) ?? {})) runtime.onEffect(kind, handler);

  const app = createGateway({
    runtime,
    journal,
    outbox,
    actionGate: gate,
    audit,
    rateLimits,
    pubsub,
    refusedEvents: new PgRefusedEvents(db.sql),
    onEventsJournaled: route,
    config: gatewayConfig,
    ready: async () => (await db.sql`select 1 as ok`.then(() => true, () => false)),
    running: () => runtime.running, // a paused world is still ready: events are journaled and queued
    logicOf: (kind): AnyActorLogic | undefined => runtime.kinds.get(kind)?.logic,
    players: { exportPlayer: async (id) => (await import('../persistence/gdpr.ts')).exportPlayer(db.sql, id) },
  });
  runtime.start();
  const gateway = await startGateway(app, { port: gatewayConfig.port, hostname: gatewayConfig.hostname });
  log.info({ url: gateway.url, workers: worldConfig.workers, engine: db.engine, restored: !!restored }, 'midgard is running');

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await gateway.close(); // stop accepting, finish in-flight requests, close streams
      await runtime.stop(); // last checkpoint: snapshots flushed
      await Promise.all([cache.close(), pubsub.close(), rateLimits.close()]);
      await db.close();
    })());
  return { runtime, gateway, db, close };
}
