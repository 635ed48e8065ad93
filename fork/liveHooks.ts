import type { Sql } from 'postgres';
import { z } from 'zod';
import type { Runtime } from '../runtime/Runtime.ts';
import { archiveCheckpoint, pruneArchive } from './archive.ts';
import { ForkService } from './ForkService.ts';
import { InputLog, type InputMark } from './InputLog.ts';
import { defaultDataRoot } from './ForkPlace.ts';

/**
 * What the live world does for forks and replays, in one place so the composition root needs four lines: log
 * its inputs (fork/InputLog.ts), archive a checkpoint every so often (fork/archive.ts), and offer the fork
 * service to the admin API. Settings: MIDGARD_ARCHIVE_EVERY (checkpoints between two archived ones; default
 * 360, an hour at 10 one-second ticks; 0 = never) and MIDGARD_ARCHIVE_KEEP (how many to keep, default 48).
 *
 * @example
 * const forks = liveForkHooks(env);
 * // Runtime.create({ …, checkpointExtras: () => ({ …, ...forks.extras(runtime, tickMs) }), onCheckpoint: … forks.afterCheckpoint(sql) })
 * forks.attach(runtime);
 */
const envSchema = z.object({
  MIDGARD_ARCHIVE_EVERY: z.coerce.number().int().min(0).max(1_000_000).default(360),
  MIDGARD_ARCHIVE_KEEP: z.coerce.number().int().min(1).max(10_000).default(48),
  MIDGARD_SEED: z.coerce.number().int().min(0).default(1),
});

export interface LiveForkHooks {
  attach(runtime: Runtime): void;
  extras(runtime: Runtime, tickMs: number): { inputs: InputMark };
  afterCheckpoint(sql: Sql): Promise<void>;
  service(sql: Sql): ForkService;
}

export function liveForkHooks(env: Record<string, string | undefined> = process.env): LiveForkHooks {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) throw new Error(`fork settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const settings = parsed.data;
  const inputs = new InputLog();
  let checkpoints = 0;
  return {
    attach: (runtime) => inputs.attach(runtime),
    extras: (runtime, tickMs) => inputs.extras(runtime, tickMs),
    async afterCheckpoint(sql) {
      await inputs.persist(sql);
      if (settings.MIDGARD_ARCHIVE_EVERY > 0 && checkpoints++ % settings.MIDGARD_ARCHIVE_EVERY === 0) {
        await archiveCheckpoint(sql);
        await pruneArchive(sql, settings.MIDGARD_ARCHIVE_KEEP);
      }
    },
    service: (sql) => new ForkService({ live: sql, location: { url: env.DATABASE_URL || undefined, dataRoot: defaultDataRoot(env) }, seed: settings.MIDGARD_SEED, env }),
  };
}
