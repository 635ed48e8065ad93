import { ActionGate } from '../actors/effects/ActionGate.ts';
import { Runtime, type RuntimeOptions } from '../runtime/Runtime.ts';
import type { DeadLetter, EffectHandler } from '../runtime/control.ts';
import type { PendingEffect } from '../runtime/EffectBus.ts';
import { traceOf } from '../runtime/actorId.ts';
import { log } from '../runtime/log.ts';
import type { ActionOutbox, GameEvent, JournaledEvent } from '../persistence/types.ts';
import type { Database } from '../persistence/database.ts';
import { PgAuditLog, PgCapabilityStore, PgJournal, PgOutbox, PgSnapshotStore } from '../persistence/pg/index.ts';
import { PgDecisionRecorder } from '../persistence/pg/PgDecisionRecorder.ts';
import { PgSpendLedger } from '../persistence/pg/PgSpendLedger.ts';
import { pgWakeSource, wakeChannel } from '../persistence/pg/wakeups.ts';
import { WorldLock } from '../persistence/WorldLock.ts';
import type { WriterFence } from '../persistence/WriterFence.ts';
import { answerSelftest, selftestResult } from '../actors/selftest.ts';
import { aiEffectHandler } from '../ai/effectHandler.ts';
import { aiRouterFromConfig } from '../ai/config.ts';
import { liveForkHooks } from '../fork/liveHooks.ts';
import type { PlainEvent } from '../machines/kit/outputs.ts';
import { loadConfig, type MidgardConfig, type WorldConfig } from './config.ts';
import { DeadLetterLog } from './deadLetters.ts';
import { followCapabilities } from './followCapabilities.ts';
import { JournalFollower } from './JournalFollower.ts';
import { openMigratedDatabase, openSharedStores, type SharedStores, type StorageOptions } from './storage.ts';

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

export interface OpenWorldOptions extends StorageOptions {
  world: WorldWiring;
  /** read once by `loadConfig` (default process.env) unless `config` is given */
  env?: Record<string, string | undefined>;
  config?: MidgardConfig;
  /** who may write this world; default `WorldLock.acquire` (one writer process per database schema) */
  fence?: (db: Database) => Promise<WriterFence>;
  /** passed on to `Runtime.create` (e.g. the cluster's host options); the world's own wiring keys stay ours */
  runtimeOptions?: Partial<Omit<RuntimeOptions, 'catalogue' | 'store' | 'restore' | 'checkpointExtras' | 'onCheckpoint'>>;
  /** start-up progress, for a listener that answers 503 meanwhile */
  onStatus?: (reason: string) => void;
  /** how often the journal is read even without a wake-up (JournalFollower's safety net) */
  journalSweepMs?: number;
}

/** A running world without HTTP: what `--role world` runs, and what `createMidgard` puts a gateway in front of. */
export interface OpenedWorld {
  runtime: Runtime;
  db: Database;
  config: MidgardConfig;
  fence: WriterFence;
  journal: PgJournal;
  outbox: PgOutbox;
  audit: PgAuditLog;
  /** the bridge's capabilities (the stored handshake, followed) and the self-test tables */
  gate: ActionGate;
  /** where any gateway's handshake is stored; a save NOTIFYs the world and the gateway nodes (real Postgres) */
  capabilities: PgCapabilityStore;
  stores: SharedStores;
  /** routes journaled events to the world; `offer` what this process journaled itself */
  follower: JournalFollower;
  /** this process's dead letters and those restored from the last checkpoint */
  deadLetters: DeadLetterLog;
  /** what it started from: a checkpoint (`restored`, with that many effects not landed yet) or nothing */
  start: { restored: boolean; effectsRestored: number };
  /** the admin API's what-if forks of this world */
  forks: ReturnType<ReturnType<typeof liveForkHooks>['service']>;
  /** the reason, once this process stops being the world's writer (a newer one took over): it must shut down */
  lostReason(): Error | null;
  /** for `/ready`: true while it is the writer and the database answers; else throws with the reason */
  ready(): Promise<boolean>;
  lost: Promise<Error>;
  /** stop the world: last checkpoint (unless fenced), fence released, connections closed */
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
 * Everything of a world but HTTP: the database (migrated), the writer fence, the runtime restored from its last
 * checkpoint, the journal events that checkpoint had not covered routed again, effects, AI, checkpoints — then the
 * runtime ticks and the journal is followed (Postgres NOTIFY from any process's append, see JournalFollower).
 * Nothing acknowledged is lost: the journal is the truth, and a restart re-reads it from the checkpoint's position.
 *
 * @example
 * const world = await openWorld({ world: realWorld() });
 * process.once('SIGTERM', () => world.close());
 */
export async function openWorld(options: OpenWorldOptions): Promise<OpenedWorld> {
  const config = options.config ?? loadConfig(options.env ?? process.env);
  const status = options.onStatus ?? (() => {});
  const db = await openMigratedDatabase(config, options, status);
  let fence: WriterFence;
  try {
    fence = await (options.fence ?? ((d: Database) => WorldLock.acquire(d.sql, d.engine)))(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  try {
    return await runWorld(options, config, db, fence, status);
  } catch (err) {
    await fence.release().catch(() => {});
    await db.close().catch(() => {});
    throw err;
  }
}

async function runWorld(options: OpenWorldOptions, config: MidgardConfig, db: Database, fence: WriterFence, status: (reason: string) => void): Promise<OpenedWorld> {
  const worldConfig = config.world;
  let lostReason: Error | null = null;
  const lost = new Promise<Error>((resolve) =>
    fence.onLost((err) => {
      lostReason = err;
      log.error({ err, epoch: fence.epoch }, 'this process is no longer the world\'s writer; shutting down');
      resolve(err);
    }),
  );
  const check = (tx: Database['sql']) => fence.check(tx);
  // On real Postgres, gateways in other processes wake on the commit of what this world enqueues, and this world
  // wakes on theirs. Its own journal needs no NOTIFY: a gateway in this process offers its appends in-process.
  const crossProcess = db.engine === 'postgres';
  const store = new PgSnapshotStore(db.sql, { fence: check });
  const journal = new PgJournal(db.sql);
  const outbox = new PgOutbox(db.sql, { fence: check, ...(crossProcess ? { notify: wakeChannel('outbox', db.schema) } : {}) });
  const audit = new PgAuditLog(db.sql);
  const stores = await openSharedStores(config, options);

  status('restoring the world');
  const forks = liveForkHooks(options.env ?? process.env); // input log, checkpoint archive, the admin API's forks (fork/liveHooks.ts)
  let follower: JournalFollower | undefined;
  let deadLetters: DeadLetterLog | undefined;
  const runtime: Runtime = await Runtime.create({
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
    checkpointExtras: (): CheckpointExtras => ({ journalSeq: follower?.routedSeq ?? 0, effects: runtime.effects.pending(), deadLetters: deadLetters?.all(), ...forks.extras(runtime, worldConfig.tickMs) }),
    onCheckpoint: async (extras) => {
      await journal.markApplied((extras as CheckpointExtras).journalSeq);
      await forks.afterCheckpoint(db.sql);
    },
    ...options.runtimeOptions,
  });
  forks.attach(runtime);

  // one gate: the bridge's handshake, sent to whichever gateway and stored, decides what the bridge-action handler
  // lets through; loaded before anything is routed, followed after. It also keeps the self-test tables the game
  // reports, which only the admin API reads (they decide nothing, so they stay in this process).
  const gate = new ActionGate();
  const capabilities = new PgCapabilityStore(db.sql, crossProcess ? { notify: wakeChannel('capabilities', db.schema) } : {});
  const stopCapabilities = await followCapabilities({
    store: capabilities,
    gate,
    wake: crossProcess ? pgWakeSource(db.sql, wakeChannel('capabilities', db.schema)) : undefined,
  });
  const route = (event: JournaledEvent) => {
    // `@aiworld selftest` traffic is answered here and kept out of the world (actors/selftest.ts)
    if (answerSelftest(event, (actions) => outbox.enqueue(actions))) {
      const table = selftestResult(event);
      if (table) gate.recordSelftest(table);
      return;
    }
    options.world.dispatchGameEvent((to, message, trace) => runtime.send(to, message, 'game', trace), event, event.key);
  };

  // Events journaled (acknowledged) after the last checkpoint: their effects are not in the restored world yet.
  const restored = runtime.restoredExtras as Partial<CheckpointExtras> | undefined;
  deadLetters = new DeadLetterLog(runtime, restored?.deadLetters);
  follower = new JournalFollower({
    journal,
    route,
    from: restored?.journalSeq ?? (await journal.appliedUpTo()),
    wake: crossProcess ? pgWakeSource(db.sql, wakeChannel('journal', db.schema)) : undefined,
    sweepMs: options.journalSweepMs,
  });
  await follower.catchUp();
  if (!restored) options.world.bootstrap?.(runtime, worldConfig);

  const ai = await aiRouterFromConfig(config.ai, { l2: stores.cache, rateLimits: stores.rateLimits, recorder: new PgDecisionRecorder(db.sql), ledger: new PgSpendLedger(db.sql) });
  runtime.onEffect('ai.decide', aiEffectHandler(ai));
  for (const [kind, handler] of Object.entries(options.world.effects?.({ outbox, gate }) ?? {})) runtime.onEffect(kind, handler);
  // the way back to an actor, as Runtime builds it for a fresh effect: the effect id is `<actorId>/<trace>`
  runtime.effects.restore(restored?.effects ?? [], (saved) => {
    const trace = saved.id.slice(saved.actorId.length + 1);
    return (event, to = saved.actorId) => runtime.send(to, event, 'effect', traceOf(trace, 'reply'));
  });
  runtime.start();
  await follower.start(); // listening from here; the read it does on listening covers what came in meanwhile
  log.info({ workers: worldConfig.workers, engine: db.engine, restored: !!restored, epoch: fence.epoch, effectsRestored: restored?.effects?.length ?? 0 }, 'the world is running');

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await follower.stop();
      await stopCapabilities();
      // fenced: the last checkpoint fails its fence check, as it must (the new writer owns the world)
      await runtime.stop().catch((err) => log.error({ err }, 'last checkpoint failed; the journal replays what it missed'));
      runtime.effects.close();
      await fence.release();
      await stores.close();
      await db.close();
    })());
  return {
    runtime, db, config, fence, journal, outbox, audit, gate, capabilities, stores, follower, deadLetters,
    start: { restored: !!restored, effectsRestored: restored?.effects?.length ?? 0 },
    forks: forks.service(db.sql),
    lostReason: () => lostReason,
    ready: async () => {
      if (lostReason) throw lostReason;
      await db.sql`select 1 as ok`;
      return true;
    },
    lost,
    close,
  };
}
