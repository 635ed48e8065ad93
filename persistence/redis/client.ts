import { Redis } from 'ioredis';
import { log } from '../../runtime/log.ts';

/**
 * An ioredis client tuned to fail fast: with the offline queue off and one retry per command, a call made
 * while Redis is away errors at once instead of waiting for a reconnect, so the caller can take the
 * in-process path. Reconnection keeps going in the background (backing off to 2 s).
 *
 * @example
 * const redis = createRedisClient('redis://127.0.0.1:6379', 'cache');
 */
export function createRedisClient(url: string, role: string): Redis {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1_000,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 100, 2_000),
    connectionName: `midgard-${role}`,
  });
  // without a listener, ioredis re-emits connection errors as unhandled 'error' events and kills the process
  client.on('error', (err) => log.debug({ err: err.message, role }, 'redis connection error'));
  return client;
}

/** Closes a client whatever its state: QUIT when connected, otherwise just drop the socket and the retries. */
export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // fall through to disconnect
    }
  }
  client.disconnect(false);
}

/**
 * Waits for the first connection so that calls made right after start-up do not take the fallback path just
 * because the socket was still connecting. False (and a warning) when Redis cannot be reached in time: the
 * caller carries on degraded while the client keeps reconnecting.
 */
export function waitUntilReady(client: Redis, role: string, timeoutMs = 2_000): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean, err?: Error) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('error', onError);
      if (!ok) log.warn({ role, err: err?.message }, 'redis not reachable at start-up; using the in-process store until it is');
      resolve(ok);
    };
    const onReady = () => done(true);
    const onError = (err: Error) => done(false, err);
    const timer = setTimeout(() => done(false, new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
    client.once('ready', onReady);
    client.once('error', onError);
  });
}
