import type { Sql } from 'postgres';
import { log } from '../../runtime/log.ts';

/** What a wake-up announces: new outbox rows (gateways lease them), new journal rows (the world routes them), or a new capabilities handshake (everyone reloads it). */
export type WakeTopic = 'outbox' | 'journal' | 'capabilities';

/** Postgres refuses channel names of 64 bytes or more. */
const MAX_CHANNEL = 63;

/**
 * The NOTIFY channel of `topic` in `schema`. Channels are database-wide while a world is a schema, so the schema
 * is part of the name; a name cut to Postgres' limit may be shared by two long schemas, which costs a spurious
 * wake-up (a read that finds nothing), never a missed one.
 *
 * @example
 * wakeChannel('outbox', 'w_test_1'); // 'midgard_outbox.w_test_1'
 */
export function wakeChannel(topic: WakeTopic, schema: string): string {
  return `midgard_${topic}.${schema}`.slice(0, MAX_CHANNEL);
}

/**
 * Inside the writing transaction: Postgres delivers the notification only when (and if) it commits, so a
 * listener that wakes always finds the rows.
 */
export async function notifyIn(tx: Sql, channel: string): Promise<void> {
  await tx`select pg_notify(${channel}, '')`;
}

/** Something that says "look again": the same shape for LISTEN/NOTIFY and for tests' fakes. */
export interface WakeSource {
  /** `onWake` runs after each notification, and also whenever the listening connection is (re)established,
   * since notifications sent while it was down are gone: the listener sweeps instead. Resolves once listening. */
  subscribe(onWake: () => void): Promise<() => Promise<void>>;
}

/**
 * LISTEN on `channel` over postgres.js's dedicated listening connection (it reconnects and listens again by
 * itself). Real Postgres only: PGlite runs one process, where in-process notifications already reach everyone.
 *
 * @example
 * const wake = pgWakeSource(db.sql, wakeChannel('outbox', db.schema));
 * const stop = await wake.subscribe(() => pump.wake());
 */
export function pgWakeSource(sql: Sql, channel: string): WakeSource {
  return {
    async subscribe(onWake) {
      const call = () => {
        try {
          onWake();
        } catch (err) {
          log.warn({ err, channel }, 'a wake-up listener failed');
        }
      };
      const { unlisten } = await sql.listen(channel, call, call);
      return () => unlisten().catch(() => {});
    },
  };
}
