import type { AnyActorLogic } from 'xstate';
import { ActionGate } from '../actors/effects/ActionGate.ts';
import { Runtime } from '../runtime/Runtime.ts';
import type { EffectHandler } from '../runtime/control.ts';
import type { ActionOutbox, GameEvent, JournaledEvent } from '../persistence/types.ts';
import { openDatabase, type Database } from '../persistence/database.ts';
import { migrate } from '../persistence/migrate.ts';
import { PgAuditLog, PgJournal, PgOutbox, PgRefusedEvents, PgSnapshotStore } from '../persistence/pg/index.ts';
import { PgDecisionRecorder } from '../persistence/pg/PgDecisionRecorder.ts';
import { PgSpendLedger } from '../persistence/pg/PgSpendLedger.ts';
import { openCache, openPubSub, openRateLimits } from '../persistence/redis/open.ts';
import { createGateway, type GatewayHandle } from '../gateway/index.ts';
import { bindGateway } from '../gateway/server.ts';
import { answerSelftest, selftestResult } from '../actors/selftest.ts';
import { WorldLock } from '../persistence/WorldLock.ts';
import type { PendingEffect } from '../runtime/EffectBus.ts';
import { traceOf } from '../runtime/actorId.ts';
import type { DeadLetter } from '../runtime/control.ts';
import { DeadLetterLog } from './deadLetters.ts';
import { seedDataDir } from './pgTemplate.ts';
import { retryStartup } from './retryStartup.ts';
import { guardDriverWriteRace } from './driverGuard.ts';
import { aiEffectHandler } from '../ai/effectHandler.ts';
import { aiRouterFromConfig } from '../ai/config.ts';
import { loadConfig, type MidgardConfig, type WorldConfig } from './config.ts';
import { log } from '../runtime/log.ts';
import { liveForkHooks } from '../fork/liveHooks.ts';
import type { PlainEvent } from '../machines/kit/outputs.ts';

/** What a world brings to the runtime: its actor kinds, how game events reach actors, and how it begins. */
export interface WorldWiring {
  catalogue: URL;
  /** route a journaled game event to actors, tracing each message by the event's journal key */
  dispatchGameEvent(send: (to: string, event: PlainEvent, trace: string) => void, event: GameEvent, key: string): number;
  /** run once when the world is new (not restored): register and wake the initial population */
  bootstrap?(runtime: Runtime, config: WorldConfig): void;
  /** display names of actors (NPCs) for the admin list and its search, from the world seed */
  actorNames?(worldSeed: number): (id: string) => string | undefined;
  /** main-thread effect handlers by effect kind (bridge actions, logs, …), given the action outbox */
  effects?(deps: { outbox: ActionOutbox; gate: ActionGate }): Record<string, EffectHandler>;
}

export interface MidgardOptions {
  world: WorldWiring;
  /** read once by `loadConfig` (default process.env) */
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
  /** the settings it runs with, parsed once from `env` */
  config: MidgardConfig;
  /** this process's dead letters and those restored from the last checkpoint */
  deadLetters: DeadLetterLog;
  /** resolves if this process stops being the world's writer (a newer one took over): it must shut down */
  lost: Promise<Error>;
  close(): Promise<void>;
}

/** What every checkpoint carries besides the actors: the journal position and the effects not landed yet. */
interface CheckpointExtras {
  journalSeq: number;
  effects?: PendingEffect[];
  /** so they survive a restart (app/deadLetters.ts) */
  deadLetters?: DeadLetter[];
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
  const config = loadConfig(options.env ?? process.env);
  if (!process.env.VITEST) guardDriverWriteRace(); // vitest reports uncaught errors itself
  // The port first: a second instance on a busy port fails here, before it touches the database or the world.
  const listener = await bindGateway({ port: config.gateway.port, hostname: config.gateway.hostname });
  try {
    return await startWorld(options, config, listener);
  } catch (err) {
    await listener.abort();
    throw err;
  }
}

async function startWorld(
  options: MidgardOptions,
  config: MidgardConfig,
  listener: Awaited<ReturnType<typeof bindGateway>>,
): Promise<Midgard> {
  const { world: worldConfig, gateway: gatewayConfig } = config;
  listener.setStatus('opening the database');
  const dataDir = options.dataDir === undefined ? config.database.dataDir : options.dataDir;
  // a new embedded world starts from the install's empty database instead of running initdb (app/pgTemplate.ts)
  if (!config.database.url && dataDir && (await seedDataDir(dataDir))) log.info({ dataDir }, 'new embedded database copied from the install\'s template');
  const db = await retryStartup(
    'open the database',
    async () => {
      const opened = await openDatabase({
        url: config.database.url,
        schema: options.schema ?? config.database.schema,
        dataDir,
      });
      try {
        await migrate(opened.sql);
        return opened;
      } catch (err) {
        await opened.close().catch(() => {});
        throw err;
      }
    },
    { maxWaitMs: worldConfig.dbWaitMs, onWait: (reason) => listener.setStatus(reason) },
  );
  let lock: WorldLock;
  try {
    lock = await WorldLock.acquire(db.sql, db.engine);
  } catch (err) {
    await db.close();
    throw err;
  }
  let lostReason: Error | null = null;
  const lost = new Promise<Error>((resolve) =>
    lock.onLost((err) => {
      lostReason = err;
      log.error({ err, epoch: lock.epoch }, 'this process is no longer the world\'s writer; shutting down');
      resolve(err);
    }),
  );
  const fence = (tx: Database['sql']) => lock.check(tx);
  const store = new PgSnapshotStore(db.sql, { fence });
  const journal = new PgJournal(db.sql);
  const outbox = new PgOutbox(db.sql, { fence });
  const audit = new PgAuditLog(db.sql);
  const redis = { redisUrl: config.redis.url, prefix: options.redisPrefix };
  const [cache, pubsub, rateLimits] = await Promise.all([openCache(redis), openPubSub(redis), openRateLimits(redis)]);

  listener.setStatus('restoring the world');
  const forks = liveForkHooks(options.env ?? process.env); // input log, checkpoint archive, the admin API's forks (fork/liveHooks.ts)
  let routedSeq = 0;
  let runtime: Runtime;
  let deadLetters: DeadLetterLog | undefined;
  runtime = await Runtime.create({
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
    effects: { maxInMemory: worldConfig.effectsInMemory, spillDir: worldConfig.effectsSpillDir },
    // Effects not landed yet ride with the checkpoint: a crash after it dispatches them again (ids make it a no-op).
    checkpointExtras: (): CheckpointExtras => ({ journalSeq: routedSeq, effects: runtime.effects.pending(), deadLetters: deadLetters?.all(), ...forks.extras(runtime, worldConfig.tickMs) }),
    onCheckpoint: async (extras) => {
      await journal.markApplied((extras as CheckpointExtras).journalSeq);
      await forks.afterCheckpoint(db.sql);
    },
  });
  forks.attach(runtime);

  // one gate: the bridge's handshake (gateway) decides what the bridge-action handler lets through; it also keeps
  // the self-test tables the game reports
  const gate = new ActionGate();
  const route = (events: JournaledEvent[]) => {
    for (const event of events) {
      routedSeq = Math.max(routedSeq, event.seq);
      // `@aiworld selftest` traffic is answered here and kept out of the world (actors/selftest.ts)
      if (answerSelftest(event, (actions) => outbox.enqueue(actions))) {
        const table = selftestResult(event);
        if (table) gate.recordSelftest(table);
        continue;
      }
      options.world.dispatchGameEvent((to, message, trace) => runtime.send(to, message, 'game', trace), event, event.key);
    }
  };

  // Events journaled (acknowledged) after the last checkpoint: their effects are not in the restored world yet.
  const restored = runtime.restoredExtras as Partial<CheckpointExtras> | undefined;
  deadLetters = new DeadLetterLog(runtime, restored?.deadLetters);
  routedSeq = restored?.journalSeq ?? (await journal.appliedUpTo());
  for (let page = await journal.after(routedSeq, 1000); page.length; page = await journal.after(routedSeq, 1000)) route(page);
  if (!restored) options.world.bootstrap?.(runtime, worldConfig);

  const ai = await aiRouterFromConfig(config.ai, { l2: cache, rateLimits, recorder: new PgDecisionRecorder(db.sql), ledger: new PgSpendLedger(db.sql) });
  runtime.onEffect('ai.decide', aiEffectHandler(ai));
  for (const [kind, handler] of Object.entries(options.world.effects?.({ outbox, gate }) ?? {})) runtime.onEffect(kind, handler);
  // the way back to an actor, as Runtime builds it for a fresh effect: the effect id is `<actorId>/<trace>`
  runtime.effects.restore(restored?.effects ?? [], (saved) => {
    const trace = saved.id.slice(saved.actorId.length + 1);
    return (event, to = saved.actorId) => runtime.send(to, event, 'effect', traceOf(trace, 'reply'));
  });

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
    // throws with the reason, which /ready reports
    ready: async () => {
      if (lostReason) throw lostReason;
      await db.sql`select 1 as ok`;
      return true;
    },
    running: () => runtime.running, // a paused world is still ready: events are journaled and queued
    logicOf: (kind): AnyActorLogic | undefined => runtime.kinds.get(kind)?.logic,
    deadLetters: () => deadLetters.all(),
    actorName: options.world.actorNames?.(worldConfig.seed),
    players: { exportPlayer: async (id) => (await import('../persistence/gdpr.ts')).exportPlayer(db.sql, id) },
    forks: forks.service(db.sql),
  });
  runtime.start();
  const gateway = listener.attach(app);
  log.info({ url: gateway.url, workers: worldConfig.workers, engine: db.engine, restored: !!restored, epoch: lock.epoch, effectsRestored: restored?.effects?.length ?? 0 }, 'midgard is running');

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      // a fenced process must not write: no last checkpoint (the new writer owns the world)
      await gateway.close({ flush: !lostReason }); // stop accepting, finish in-flight requests, close streams
      await runtime.stop().catch((err) => log.error({ err }, 'last checkpoint failed; the journal replays what it missed'));
      runtime.effects.close();
      await lock.release();
      await Promise.all([cache.close(), pubsub.close(), rateLimits.close()]);
      await db.close();
    })());
  return { runtime, gateway, db, config, deadLetters, lost, close };
}
