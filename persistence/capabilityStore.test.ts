import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CAPABILITIES, type Capabilities } from '../contract/capabilities.ts';
import { uniqueSchema } from '../test/persistence/pgTargets.ts';
import { until } from '../test/support/until.ts';
import { openDatabase, type Database } from './database.ts';
import { MemoryCapabilityStore } from './memory/MemoryCapabilityStore.ts';
import { migrate } from './migrate.ts';
import { PgCapabilityStore } from './pg/PgCapabilityStore.ts';
import { pgWakeSource, wakeChannel } from './pg/wakeups.ts';
import type { CapabilityStore } from './types.ts';

const url = process.env.DATABASE_URL;
const caps = (bridge_version: string): Capabilities => ({ ...DEFAULT_CAPABILITIES, bridge_version, maps: [{ name: 'prontera', width: 312, height: 392 }] });

/** What every capability store does: nothing before the first handshake, then the latest, versions growing. */
function storeContract(open: () => Promise<CapabilityStore>) {
  it('keeps the latest handshake as it was sent, with a version that grows with each', async () => {
    const store = await open();
    expect(await store.latest()).toBeNull();
    expect(await store.save(caps('one'), 10)).toEqual({ version: 1, capabilities: caps('one'), receivedAt: 10 });
    expect((await store.save(caps('two'), 20)).version).toBe(2);
    expect(await store.latest()).toEqual({ version: 2, capabilities: caps('two'), receivedAt: 20 });
  });
}

describe('MemoryCapabilityStore', () => {
  storeContract(async () => new MemoryCapabilityStore());
});

describe.runIf(url)('PgCapabilityStore', () => {
  const opened: Database[] = [];
  afterAll(async () => {
    for (const db of opened) {
      await db.sql`drop schema if exists ${db.sql(db.schema)} cascade`;
      await db.close();
    }
  });
  const fresh = async () => {
    const db = await openDatabase({ url, schema: uniqueSchema('caps'), max: 2 });
    opened.push(db);
    await migrate(db.sql);
    return db;
  };

  storeContract(async () => new PgCapabilityStore((await fresh()).sql));

  describe('between two processes', () => {
    let writer: Database;
    let reader: Database;
    beforeAll(async () => {
      writer = await fresh();
      reader = await openDatabase({ url, schema: writer.schema, max: 2 });
    });
    afterAll(() => reader?.close());

    it('wakes the other process on the commit of a handshake, which it then reads', async () => {
      const channel = wakeChannel('capabilities', writer.schema);
      let wakes = 0;
      const stop = await pgWakeSource(reader.sql, channel).subscribe(() => wakes++);
      try {
        await until('the wake-up on listening', () => wakes === 1);
        await new PgCapabilityStore(writer.sql, { notify: channel }).save(caps('sent to A'), 5);
        await until('the wake-up for the handshake', () => wakes === 2);
        expect((await new PgCapabilityStore(reader.sql).latest())?.capabilities.bridge_version).toBe('sent to A');
      } finally {
        await stop();
      }
    });
  });
});
