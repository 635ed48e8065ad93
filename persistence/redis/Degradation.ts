import { Counter } from 'prom-client';
import { log } from '../../runtime/log.ts';
import { registry } from '../../runtime/metrics.ts';
import { InvalidRecordError } from '../validate.ts';

export const redisFallbacks = new Counter({
  name: 'redis_fallbacks_total',
  help: 'Redis operations answered by the in-process fallback because Redis failed, by store and operation',
  labelNames: ['store', 'op'] as const,
  registers: [registry],
});

/**
 * Runs an operation on Redis and, when Redis fails, on the in-process fallback instead — counting it in
 * `redis_fallbacks_total` and warning once per outage (not once per call: an outage under load would
 * otherwise flood the log). Refused input (InvalidRecordError) is the caller's fault and is rethrown.
 *
 * @example
 * const degrade = new Degradation('cache');
 * const value = await degrade.run('get', () => redisCache.get(k), () => memoryCache.get(k));
 */
export class Degradation {
  #degraded = false;
  #skipUntil = 0;

  /**
   * @param retryAfterMs after a failure, calls go straight to the fallback this long before Redis is tried
   *   again: a Redis that hangs instead of refusing would otherwise cost every call the command timeout.
   */
  constructor(
    readonly store: 'cache' | 'pubsub' | 'ratelimit',
    private readonly retryAfterMs = 1_000,
    private readonly clock: () => number = Date.now,
  ) {}

  get degraded(): boolean {
    return this.#degraded;
  }

  async run<T>(op: string, primary: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    if (this.#degraded && this.clock() < this.#skipUntil) {
      redisFallbacks.inc({ store: this.store, op });
      return fallback();
    }
    let result: T;
    try {
      result = await primary();
    } catch (err) {
      if (err instanceof InvalidRecordError) throw err;
      this.failed(op, err);
      return fallback();
    }
    if (this.#degraded) {
      this.#degraded = false;
      log.info({ store: this.store }, 'redis is back; leaving the in-process fallback');
    }
    return result;
  }

  /** Record a failure handled elsewhere (e.g. a subscription that will be retried on reconnect). */
  failed(op: string, err: unknown): void {
    redisFallbacks.inc({ store: this.store, op });
    this.#skipUntil = this.clock() + this.retryAfterMs;
    if (!this.#degraded) {
      this.#degraded = true;
      log.warn({ store: this.store, op, err: (err as Error)?.message }, 'redis unavailable; degrading to the in-process store');
    }
  }
}
