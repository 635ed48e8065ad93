import { isDatabaseUnavailable } from '../persistence/unavailable.ts';
import { log } from '../runtime/log.ts';

export interface RetryStartupOptions {
  /** give up once this much time has passed since the first attempt (default 60 s) */
  maxWaitMs: number;
  /** first pause; doubles up to `maxDelayMs` (defaults 250 ms and 5 s) */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** reported after each failed attempt (the listener's `/ready` reason) */
  onWait?: (reason: string) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Run a start-up step that needs the database, retrying while the database is unreachable (a restart of
 * Postgres, a container still coming up) with logged exponential backoff, bounded by `maxWaitMs`. Any other
 * failure (a bad URL, a failed migration, another writer) is thrown at once: waiting would not fix it.
 *
 * @example
 * const db = await retryStartup('open the database', () => openDatabase(), { maxWaitMs: 60_000 });
 */
export async function retryStartup<T>(what: string, step: () => Promise<T>, options: RetryStartupOptions): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      const waited = now() - started;
      if (!isDatabaseUnavailable(err) || waited >= options.maxWaitMs) throw err;
      const delay = Math.min(options.maxDelayMs ?? 5_000, (options.baseDelayMs ?? 250) * 2 ** (attempt - 1), options.maxWaitMs - waited);
      const reason = `waiting for the database (${(err as { code?: string }).code ?? (err as Error).message}), attempt ${attempt}`;
      log.warn({ err, attempt, retryInMs: delay, waitedMs: waited, maxWaitMs: options.maxWaitMs }, `start-up: cannot ${what} yet; retrying`);
      options.onWait?.(reason);
      await sleep(delay);
    }
  }
}
