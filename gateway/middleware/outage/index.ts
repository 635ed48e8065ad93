import type { Context, MiddlewareHandler } from 'hono';
import { isDatabaseUnavailable } from '../../../persistence/unavailable.ts';
import { log } from '../../../runtime/log.ts';
import { errorBody } from '../../errors.ts';

/** A request that has not produced its response headers by then is answered 503 (the bridge's own timeout is longer). */
export const REQUEST_DEADLINE_MS = 10_000;
/** What a client is told to wait before trying again while the database is away. */
export const OUTAGE_RETRY_AFTER_S = 5;

export interface OutageOptions {
  deadlineMs?: number;
  retryAfterSeconds?: number;
}

function unavailable(c: Context, message: string, retryAfterSeconds: number): Response {
  return c.json(errorBody('unavailable', message), 503, { 'Retry-After': String(retryAfterSeconds) });
}

/**
 * Outages answered honestly: a request that failed because the database cannot be reached gets 503 with
 * `Retry-After` (not a 500: the request was fine, and the bridge should retry it), and a request still
 * waiting after `deadlineMs` (postgres.js queues queries while it reconnects) gets the same answer instead of
 * hanging. Streams are unaffected: their response starts at once. Place it first, before auth.
 *
 * @example
 * app.use('*', outage());
 */
export function outage(options: OutageOptions = {}): MiddlewareHandler {
  const deadlineMs = options.deadlineMs ?? REQUEST_DEADLINE_MS;
  const retryAfter = options.retryAfterSeconds ?? OUTAGE_RETRY_AFTER_S;
  return async function outageMiddleware(c, next) {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), deadlineMs);
    });
    const done = next().then(
      () => 'done' as const,
      (err: unknown) => err,
    );
    const outcome = await Promise.race([done, late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      log.warn({ path: c.req.path, method: c.req.method, deadlineMs }, 'request timed out waiting (database unreachable?); answered 503');
      return unavailable(c, `no answer within ${deadlineMs / 1000} s: the database may be unreachable; retry later`, retryAfter);
    }
    if (outcome !== 'done') throw outcome;
    if (c.error && isDatabaseUnavailable(c.error)) {
      c.res = undefined;
      c.res = unavailable(c, 'the database is unreachable; retry later', retryAfter);
    }
  };
}
