import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { DEFAULT_EFFECTS_IN_MEMORY, DEFAULT_EFFECTS_SPILL_DIR } from '../runtime/EffectBus.ts';

/**
 * The world's own settings, from the environment. Each area reads its own variables (gateway: MIDGARD_PORT,
 * keys…; AI: provider keys and budget; persistence: DATABASE_URL, REDIS_URL, MIDGARD_DATA_DIR); these are the
 * ones that shape the simulation. A bad value stops start-up with a message naming the variable.
 */
const envSchema = z.object({
  MIDGARD_WORKERS: z.coerce.number().int().min(0).max(64).default(availableParallelism()),
  MIDGARD_SEED: z.coerce.number().int().min(0).max(2 ** 32 - 1).default(1),
  MIDGARD_SPEED: z.union([z.literal('max'), z.coerce.number().positive().max(1_000_000)]).default(1),
  MIDGARD_TICK_MS: z.coerce.number().int().min(10).max(3_600_000).default(1000),
  MIDGARD_NPCS: z.coerce.number().int().min(0).max(1_000_000).default(200),
  MIDGARD_PASSIVATE_AFTER_MS: z.coerce.number().int().min(0).default(600_000),
  MIDGARD_CHECKPOINT_TICKS: z.coerce.number().int().min(1).max(100_000).default(10),
  MIDGARD_DB_WAIT_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  MIDGARD_EFFECTS_IN_MEMORY: z.coerce.number().int().min(1).max(10_000_000).default(DEFAULT_EFFECTS_IN_MEMORY),
  MIDGARD_EFFECTS_SPILL_DIR: z.string().min(1).default(DEFAULT_EFFECTS_SPILL_DIR),
});

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

export function loadWorldConfig(env: Record<string, string | undefined> = process.env): WorldConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('MIDGARD_') && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`world config: ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  return {
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
  };
}
