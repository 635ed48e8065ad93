import { createGateway, type GatewayHandle } from '../gateway/index.ts';
import { bindGateway } from '../gateway/server.ts';
import { worldElsewhere } from '../gateway/worldElsewhere.ts';
import type { Database } from '../persistence/database.ts';
import { ActionGate } from '../actors/effects/ActionGate.ts';
import { PgAuditLog, PgCapabilityStore, PgJournal, PgOutbox, PgRefusedEvents } from '../persistence/pg/index.ts';
import { pgWakeSource, wakeChannel } from '../persistence/pg/wakeups.ts';
import { log } from '../runtime/log.ts';
import { loadConfig, type MidgardConfig } from './config.ts';
import { guardDriverWriteRace } from './driverGuard.ts';
import { followCapabilities } from './followCapabilities.ts';
import { openMigratedDatabase, openSharedStores, type StorageOptions } from './storage.ts';

export interface GatewayNodeOptions extends StorageOptions {
  /** read once by `loadConfig` (default process.env) unless `config` is given */
  env?: Record<string, string | undefined>;
  config?: MidgardConfig;
  /** how often action streams re-check the outbox without a wake-up (expired leases); default ActionPump's */
  actionSweepMs?: number;
}

export interface GatewayNode {
  gateway: GatewayHandle;
  db: Database;
  config: MidgardConfig;
  close(): Promise<void>;
}

/** Why a gateway node needs a real Postgres: other processes share its journal and outbox. */
export class GatewayNeedsPostgresError extends Error {
  override name = 'GatewayNeedsPostgresError';
}

/**
 * Role `gateway`: the bridge's door without a world — any number of them against one Postgres. Events are
 * journaled (the world, in another process, wakes on the append's NOTIFY and reads the journal); actions are
 * leased from the outbox by poll, SSE and WebSocket, streams waking on the outbox's NOTIFY (Postgres LISTEN, no
 * polling loop). Leases (`FOR UPDATE SKIP LOCKED`) keep two gateways from handing one action out twice. The
 * bridge's capabilities handshake is stored and announced, so the world and every node decide and report with it
 * (app/followCapabilities.ts). Audit, rate limits (shared through Redis when set) and auth work as in role `all`;
 * what needs the runtime answers 503 naming the role (gateway/worldElsewhere.ts).
 *
 * @example
 * const node = await openGatewayNode({ env: { DATABASE_URL: 'postgres://…', MIDGARD_PORT: '8001' } });
 */
export async function openGatewayNode(options: GatewayNodeOptions = {}): Promise<GatewayNode> {
  const config = options.config ?? loadConfig(options.env ?? process.env);
  if (!config.database.url) {
    throw new GatewayNeedsPostgresError(
      "role 'gateway' needs DATABASE_URL: it shares the journal and the outbox with a world in another process, which the embedded database (one process only) cannot",
    );
  }
  if (!process.env.VITEST) guardDriverWriteRace();
  const listener = await bindGateway({ port: config.gateway.port, hostname: config.gateway.hostname });
  let db: Database | undefined;
  let stopCapabilities = async () => {};
  try {
    db = await openMigratedDatabase(config, options, (reason) => listener.setStatus(reason));
    const opened = db;
    const stores = await openSharedStores(config, options);
    const outbox = new PgOutbox(opened.sql); // leases and completions only: enqueuing is the world's, fenced there
    // the handshake the bridge sent to any node, so this one reports what the world decides with
    const capabilityChannel = wakeChannel('capabilities', opened.schema);
    const capabilities = new PgCapabilityStore(opened.sql, { notify: capabilityChannel });
    const gate = new ActionGate();
    stopCapabilities = await followCapabilities({ store: capabilities, gate, wake: pgWakeSource(opened.sql, capabilityChannel) });
    const app = createGateway({
      role: 'gateway',
      runtime: worldElsewhere(),
      journal: new PgJournal(opened.sql, { notify: wakeChannel('journal', opened.schema) }),
      outbox,
      actionGate: gate,
      capabilities,
      outboxWake: pgWakeSource(opened.sql, wakeChannel('outbox', opened.schema)),
      actionSweepMs: options.actionSweepMs,
      audit: new PgAuditLog(opened.sql),
      rateLimits: stores.rateLimits,
      pubsub: stores.pubsub,
      refusedEvents: new PgRefusedEvents(opened.sql),
      onEventsJournaled: () => {}, // the world follows the journal itself
      config: config.gateway,
      ready: async () => {
        await opened.sql`select 1 as ok`;
        return true;
      },
      players: { exportPlayer: async (id) => (await import('../persistence/gdpr.ts')).exportPlayer(opened.sql, id) },
    });
    await app.listening; // streams wake on NOTIFY from the first request on
    const gateway = listener.attach(app);
    log.info({ url: gateway.url, role: 'gateway', schema: opened.schema }, 'gateway node is running');
    let closing: Promise<void> | null = null;
    const close = () =>
      (closing ??= (async () => {
        await gateway.close({ flush: false });
        await stopCapabilities();
        await stores.close();
        await opened.close();
      })());
    return { gateway, db: opened, config, close };
  } catch (err) {
    await listener.abort();
    await stopCapabilities();
    await db?.close().catch(() => {});
    throw err;
  }
}
