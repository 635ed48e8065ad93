import type { Sql } from 'postgres';
import type { Capabilities } from '../../contract/capabilities.ts';
import type { CapabilityStore, StoredCapabilities } from '../types.ts';
import { notifyIn } from './wakeups.ts';

interface Row {
  version: number;
  capabilities: Capabilities;
  received_at: number;
}

/**
 * The bridge's capabilities handshake in Postgres (`bridge_capabilities`, one row). With `notify` (a channel,
 * persistence/pg/wakeups.ts) each save NOTIFYs in its own transaction, so the world and the other gateway nodes
 * reload it on the commit and decide with the same capabilities as the node the bridge talked to.
 *
 * @example
 * const store = new PgCapabilityStore(db.sql, { notify: wakeChannel('capabilities', db.schema) });
 * await store.save(handshake, Date.now());
 */
export class PgCapabilityStore implements CapabilityStore {
  readonly #notify: string | undefined;

  constructor(
    private readonly sql: Sql,
    options: { notify?: string } = {},
  ) {
    this.#notify = options.notify;
  }

  async save(capabilities: Capabilities, receivedAt: number): Promise<StoredCapabilities> {
    const [row] = await this.sql.begin(async (tx) => {
      const rows = await tx<Row[]>`
        insert into bridge_capabilities (singleton, version, capabilities, received_at)
        values (true, 1, ${JSON.stringify(capabilities)}::text::jsonb, ${receivedAt})
        on conflict (singleton) do update
          set version = bridge_capabilities.version + 1, capabilities = excluded.capabilities, received_at = excluded.received_at
        returning version, received_at`;
      if (this.#notify) await notifyIn(tx as unknown as Sql, this.#notify);
      return rows;
    });
    return { version: row!.version, capabilities, receivedAt: row!.received_at };
  }

  async latest(): Promise<StoredCapabilities | null> {
    const [row] = await this.sql<Row[]>`select version, capabilities, received_at from bridge_capabilities`;
    return row ? { version: row.version, capabilities: row.capabilities, receivedAt: row.received_at } : null;
  }
}
