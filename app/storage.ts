import { openDatabase, type Database } from '../persistence/database.ts';
import { migrate } from '../persistence/migrate.ts';
import { openCache, openPubSub, openRateLimits } from '../persistence/redis/open.ts';
import { log } from '../runtime/log.ts';
import type { MidgardConfig } from './config.ts';
import { seedDataDir } from './pgTemplate.ts';
import { retryStartup } from './retryStartup.ts';

/** Where a process's data goes; tests give each their own schema, Redis prefix and (PGlite) data dir. */
export interface StorageOptions {
  /** Postgres schema (tests use one each); default the configured one */
  schema?: string;
  /** Redis key prefix (tests use one each) */
  redisPrefix?: string;
  /** PGlite data dir override (null = in memory) */
  dataDir?: string | null;
}

/**
 * The database, migrated: waits for an unreachable one (retrying with backoff up to `dbWaitMs`, telling
 * `onStatus` why), and copies a new embedded world from the install's template first (app/pgTemplate.ts).
 * Every role opens its database this way; migrations take a lock, so several processes may start at once.
 */
export async function openMigratedDatabase(config: MidgardConfig, options: StorageOptions, onStatus: (reason: string) => void = () => {}): Promise<Database> {
  onStatus('opening the database');
  const dataDir = options.dataDir === undefined ? config.database.dataDir : options.dataDir;
  if (!config.database.url && dataDir && (await seedDataDir(dataDir))) log.info({ dataDir }, 'new embedded database copied from the install\'s template');
  return retryStartup(
    'open the database',
    async () => {
      const opened = await openDatabase({ url: config.database.url, schema: options.schema ?? config.database.schema, dataDir });
      try {
        await migrate(opened.sql);
        return opened;
      } catch (err) {
        await opened.close().catch(() => {});
        throw err;
      }
    },
    { maxWaitMs: config.world.dbWaitMs, onWait: onStatus },
  );
}

export type SharedStores = Awaited<ReturnType<typeof openSharedStores>>;

/** The L2 cache, pub/sub and rate limits: Redis when configured (shared by every process), else in-process. */
export async function openSharedStores(config: MidgardConfig, options: StorageOptions) {
  const redis = { redisUrl: config.redis.url, prefix: options.redisPrefix };
  const [cache, pubsub, rateLimits] = await Promise.all([openCache(redis), openPubSub(redis), openRateLimits(redis)]);
  return { cache, pubsub, rateLimits, close: () => Promise.all([cache.close(), pubsub.close(), rateLimits.close()]).then(() => {}) };
}
