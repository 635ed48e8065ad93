import type { Sql } from 'postgres';
import { loadSettings } from '../app/settings.ts';
import type { Runtime } from '../runtime/Runtime.ts';
import { archiveCheckpoint, pruneArchive } from './archive.ts';
import { ForkService } from './ForkService.ts';
import { InputLog, type InputMark } from './InputLog.ts';

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

export interface LiveForkHooks {
  attach(runtime: Runtime): void;
  extras(runtime: Runtime, tickMs: number): { inputs: InputMark };
  afterCheckpoint(sql: Sql): Promise<void>;
  service(sql: Sql): ForkService;
}

export function liveForkHooks(env: Record<string, string | undefined> = process.env): LiveForkHooks {
  const settings = loadSettings(env);
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
    service: (sql) => new ForkService({ live: sql, location: { url: settings.DATABASE_URL, dataRoot: settings.MIDGARD_FORKS_DIR }, seed: settings.MIDGARD_SEED, env }),
  };
}
