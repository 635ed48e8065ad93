import { aiConfigFrom, type AiConfig } from '../ai/config.ts';
import { gatewayConfigFrom, type GatewayConfig } from '../gateway/config.ts';
import type { ProcessRole } from './roles.ts';
import { loadSettings, type Env } from './settings.ts';

/** The settings that shape the simulation. */
export interface WorldConfig {
  workers: number;
  seed: number;
  speed: number | 'max';
  tickMs: number;
  npcs: number;
  passivateAfterMs: number;
  checkpointTicks: number;
  /** how long start-up waits (retrying with backoff) for an unreachable database before it gives up */
  dbWaitMs: number;
  /** un-landed effects kept in memory before further ones are spilled to `effectsSpillDir` (see EffectBus) */
  effectsInMemory: number;
  effectsSpillDir: string;
}

/** Where the world's data lives; handed to `openDatabase` / `openCache` as options. */
export interface StorageConfig {
  database: { url: string | undefined; dataDir: string; schema: string };
  redis: { url: string | undefined };
}

/** Where a world spread over several machines meets: NATS, this node's name, the world's host slots. */
export interface ClusterConfig {
  natsUrl: string;
  /** this process's name (letters, digits, - and _) */
  node: string;
  /** the world's name in NATS subjects and buckets (default: the database schema) */
  world: string;
  hostSlots: number;
  leaseTtlMs: number;
}

/** Everything Midgard reads from its environment, parsed once: each part goes to its area as options. */
export interface MidgardConfig extends StorageConfig {
  world: WorldConfig;
  gateway: GatewayConfig;
  ai: AiConfig;
  /** what `midgard start` runs in this process (`--role` overrides it) */
  role: ProcessRole;
  cluster: ClusterConfig;
  log: { level: string; format: 'json' | 'pretty' | undefined };
}

/**
 * The one place the environment is read (see app/settings.ts for every variable). A bad value is an error
 * naming each bad variable; nothing is started before it passes.
 *
 * @example
 * const config = loadConfig(process.env);
 * const db = await openDatabase(config.database);
 */
export function loadConfig(env: Env): MidgardConfig {
  const e = loadSettings(env);
  return {
    world: {
      workers: e.MIDGARD_WORKERS,
      seed: e.MIDGARD_SEED,
      speed: e.MIDGARD_SPEED,
      tickMs: e.MIDGARD_TICK_MS,
      npcs: e.MIDGARD_NPCS,
      passivateAfterMs: e.MIDGARD_PASSIVATE_AFTER_MS,
      checkpointTicks: e.MIDGARD_CHECKPOINT_TICKS,
      dbWaitMs: e.MIDGARD_DB_WAIT_MS,
      effectsInMemory: e.MIDGARD_EFFECTS_IN_MEMORY,
      effectsSpillDir: e.MIDGARD_EFFECTS_SPILL_DIR,
    },
    gateway: gatewayConfigFrom(e),
    ai: aiConfigFrom(e),
    database: { url: e.DATABASE_URL, dataDir: e.MIDGARD_DATA_DIR, schema: e.MIDGARD_DB_SCHEMA },
    redis: { url: e.REDIS_URL },
    role: e.MIDGARD_ROLE,
    cluster: {
      natsUrl: e.MIDGARD_NATS_URL,
      node: e.MIDGARD_NODE,
      world: e.MIDGARD_WORLD ?? e.MIDGARD_DB_SCHEMA,
      hostSlots: e.MIDGARD_HOST_SLOTS,
      leaseTtlMs: e.MIDGARD_LEASE_TTL_MS,
    },
    log: { level: e.MIDGARD_LOG_LEVEL, format: e.MIDGARD_LOG_FORMAT },
  };
}

/** The world's part alone (the simulator, tests). */
export function loadWorldConfig(env: Env): WorldConfig {
  return loadConfig(env).world;
}
