import { connect, type NatsConnection } from '@nats-io/transport-node';

/**
 * The one way Midgard reaches NATS: `MIDGARD_NATS_URL` (default 127.0.0.1:4222). Only the scale-out roles need
 * it; the single-process default never connects.
 *
 * @example
 * const nc = await connectNats(); // throws a clear error when no server answers
 */
export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

export async function connectNats(url = DEFAULT_NATS_URL, name = 'midgard'): Promise<NatsConnection> {
  try {
    return await connect({ servers: url, name, timeout: 2_000, maxReconnectAttempts: -1 });
  } catch (error) {
    throw new Error(`cannot reach NATS at ${url}: ${(error as Error).message} (start it with nats-server -js, or set MIDGARD_NATS_URL)`);
  }
}

/**
 * A world or node name as it goes into bucket, stream and consumer names and subjects, where NATS allows only
 * these characters; anything else is refused here, before a bucket is made.
 */
export function natsName(what: 'world' | 'node', name: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`${what} name "${name}": letters, digits, - and _ only`);
  return name;
}

/** Whether a NATS server with JetStream answers at `url`: suites that need one skip with this reason otherwise. */
export async function natsUnavailable(url = DEFAULT_NATS_URL): Promise<string | null> {
  let nc: NatsConnection | undefined;
  try {
    nc = await connect({ servers: url, timeout: 1_000, maxReconnectAttempts: 0 });
    const info = nc.info;
    if (!info?.jetstream) return `NATS at ${url} runs without JetStream (start it with -js)`;
    return null;
  } catch {
    return `no NATS server at ${url} (install nats-server and run it with -js)`;
  } finally {
    await nc?.close().catch(() => {});
  }
}
