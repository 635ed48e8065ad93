import { log } from '../runtime/log.ts';

let installed = false;

/**
 * postgres.js 3.4.9 can throw from a `setImmediate` after a connection died mid-write
 * (`TypeError: Cannot read properties of null (reading 'write')` in connection.js `nextWrite`; see
 * porsager/postgres#1154 and #1208, open, with unmerged fixes #1168/#1209). Nothing can catch it, so a Postgres
 * outage — the very thing Midgard must ride out with 503s — would kill the process. This recognises exactly
 * that error and logs it; the query it belonged to fails or times out on its own and is retried. Any other
 * uncaught exception still ends the process, as Node would.
 */
export function isDriverWriteRace(err: unknown): boolean {
  const e = err as { name?: unknown; message?: unknown; stack?: unknown } | null;
  return (
    !!e && e.name === 'TypeError' && typeof e.message === 'string' && /reading 'write'/.test(e.message) &&
    typeof e.stack === 'string' && /nextWrite/.test(e.stack) && /postgres[\\/]src[\\/]connection\.js/.test(e.stack)
  );
}

/** Install the guard once per process (see isDriverWriteRace). */
export function guardDriverWriteRace(): void {
  if (installed) return;
  installed = true;
  process.on('uncaughtException', (err) => {
    if (isDriverWriteRace(err)) {
      log.warn({ err }, 'postgres.js wrote to a connection that had just died (porsager/postgres#1208); ignored, the query is retried');
      return;
    }
    log.fatal({ err }, 'uncaught exception');
    process.exit(1);
  });
}
