/** Network-level failures: the database is not there (yet), not "the query was wrong". */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);
/** postgres.js's own codes for a connection that could not be made or went away. */
const CLIENT_CODES = new Set(['CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED']);

/**
 * True when `err` says the database cannot be reached right now (refused, reset, timed out, shutting down,
 * starting up), as opposed to a bad query or bad data. Callers answer such failures with 503 and
 * `Retry-After`, retry them with backoff, and never treat them as the request's fault.
 *
 * @example
 * try { await journal.append(events) } catch (err) { if (isDatabaseUnavailable(err)) return busy(); throw err }
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as { code?: unknown; errors?: unknown; cause?: unknown } | null | undefined, depth = 0; e && depth < 4; depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (NETWORK_CODES.has(code) || CLIENT_CODES.has(code)) return true;
    // SQLSTATE class 08 (connection exception) and 57P01-57P03 (admin shutdown, crash shutdown, cannot connect now)
    if (/^08...$/.test(code) || /^57P0[123]$/.test(code)) return true;
    // AggregateError from a dual-stack connect: every address refused
    if (Array.isArray(e.errors) && e.errors.length && e.errors.every((inner) => isDatabaseUnavailable(inner))) return true;
    e = e.cause as typeof e;
  }
  return false;
}
