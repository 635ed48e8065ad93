import type { AnyActorLogic } from 'xstate';
import type { Runtime } from '../runtime/Runtime.ts';
import type { Database } from '../persistence/database.ts';
import { PgRefusedEvents } from '../persistence/pg/index.ts';
import { createGateway, type GatewayHandle } from '../gateway/index.ts';
import { bindGateway } from '../gateway/server.ts';
import { log } from '../runtime/log.ts';
import { loadConfig, type MidgardConfig } from './config.ts';
import type { DeadLetterLog } from './deadLetters.ts';
import { guardDriverWriteRace } from './driverGuard.ts';
import { openWorld, type OpenedWorld, type OpenWorldOptions } from './openWorld.ts';

export type { WorldWiring } from './openWorld.ts';

export type MidgardOptions = Omit<OpenWorldOptions, 'config' | 'onStatus'>;

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

/**
 * Role `all`, the default: the world (`openWorld`) and the gateway in one process. Start-up order matters for
 * "nothing acknowledged is lost": bind the port (a second instance fails here, before it touches anything),
 * restore the world and route the journaled events its last checkpoint had not covered, and only then attach
 * the gateway. The gateway's own appends reach the world in-process (`follower.offer`); a gateway node elsewhere
 * on the same database reaches it by NOTIFY.
 *
 * @example
 * const midgard = await createMidgard({ world: realWorld() });
 * process.once('SIGTERM', () => midgard.close());
 */
export async function createMidgard(options: MidgardOptions): Promise<Midgard> {
  const config = loadConfig(options.env ?? process.env);
  if (!process.env.VITEST) guardDriverWriteRace(); // vitest reports uncaught errors itself
  const listener = await bindGateway({ port: config.gateway.port, hostname: config.gateway.hostname });
  let world: OpenedWorld;
  try {
    world = await openWorld({ ...options, config, onStatus: (reason) => listener.setStatus(reason) });
  } catch (err) {
    await listener.abort();
    throw err;
  }
  const { runtime, db } = world;
  const worldConfig = config.world;
  const app = createGateway({
    runtime,
    journal: world.journal,
    outbox: world.outbox,
    actionGate: world.gate,
    capabilities: world.capabilities,
    audit: world.audit,
    rateLimits: world.stores.rateLimits,
    pubsub: world.stores.pubsub,
    refusedEvents: new PgRefusedEvents(db.sql),
    onEventsJournaled: (events) => world.follower.offer(events),
    config: config.gateway,
    ready: world.ready, // throws with the reason, which /ready reports
    running: () => runtime.running, // a paused world is still ready: events are journaled and queued
    logicOf: (kind): AnyActorLogic | undefined => runtime.kinds.get(kind)?.logic,
    deadLetters: () => world.deadLetters.all(),
    actorName: options.world.actorNames?.(worldConfig.seed),
    players: { exportPlayer: async (id) => (await import('../persistence/gdpr.ts')).exportPlayer(db.sql, id) },
    forks: world.forks,
  });
  const gateway = listener.attach(app);
  log.info({ url: gateway.url, role: 'all', workers: worldConfig.workers, engine: db.engine, ...world.start, epoch: world.fence.epoch }, 'midgard is running');

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      // a fenced process must not write: no flush (the new writer owns the world)
      await gateway.close({ flush: !world.lostReason() }); // stop accepting, finish in-flight requests, close streams
      await world.close();
    })());
  return { runtime, gateway, db, config, deadLetters: world.deadLetters, lost: world.lost, close };
}
