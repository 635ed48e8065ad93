import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../database.ts';
import { migrate } from '../migrate.ts';
import { uniqueSchema } from '../../test/persistence/pgTargets.ts';
import { until } from '../../test/support/until.ts';
import { PgJournal } from './PgJournal.ts';
import { PgOutbox } from './PgOutbox.ts';
import { pgWakeSource, wakeChannel } from './wakeups.ts';

const url = process.env.DATABASE_URL;
const action = (id: string) => ({ action_id: id, action_type: 'broadcast_message', payload: { message: id } });

describe('wake channels', () => {
  it('name the schema, within the length Postgres allows', () => {
    expect(wakeChannel('outbox', 'w_1')).toBe('midgard_outbox.w_1');
    expect(wakeChannel('journal', 'x'.repeat(63))).toHaveLength(63);
  });
});

/** Two pools on one schema stand for two processes: the writer's NOTIFY reaches the other's LISTEN. */
describe.runIf(url)('NOTIFY in the writing transaction', () => {
  const schema = uniqueSchema('wake');
  let writer: Database;
  let reader: Database;
  beforeAll(async () => {
    writer = await openDatabase({ url, schema, max: 2 });
    await migrate(writer.sql);
    reader = await openDatabase({ url, schema, max: 2 });
  });
  afterAll(async () => {
    await reader?.close();
    if (!writer) return;
    await writer.sql`drop schema if exists ${writer.sql(schema)} cascade`;
    await writer.close();
  });

  it('wakes another process on an outbox commit, and never for a write that did not commit', async () => {
    let fenced = false;
    const outbox = new PgOutbox(writer.sql, {
      notify: wakeChannel('outbox', schema),
      fence: async () => {
        if (fenced) throw new Error('fenced');
      },
    });
    let wakes = 0;
    const stop = await pgWakeSource(reader.sql, wakeChannel('outbox', schema)).subscribe(() => wakes++);
    try {
      await until('the wake-up on listening', () => wakes === 1); // notifications missed while not listening: sweep
      await outbox.enqueue([action('a-1')]);
      await until('the wake-up for the commit', () => wakes === 2);
      fenced = true;
      await expect(outbox.enqueue([action('a-2')])).rejects.toThrow('fenced');
      fenced = false;
      await outbox.enqueue([action('a-3')]); // a marker: notifications arrive in commit order
      await until('the wake-up for the marker', () => wakes >= 3);
      expect(wakes).toBe(3);
    } finally {
      await stop();
    }
  });

  it('wakes another process on a journal append', async () => {
    const journal = new PgJournal(writer.sql, { notify: wakeChannel('journal', schema) });
    let wakes = 0;
    const stop = await pgWakeSource(reader.sql, wakeChannel('journal', schema)).subscribe(() => wakes++);
    try {
      await until('the wake-up on listening', () => wakes === 1);
      await journal.append([{ event_id: 'w-1', event_type: 'custom', player_id: 1, timestamp: 1, priority: 'normal', payload: {} }]);
      await until('the wake-up for the append', () => wakes === 2);
      expect((await new PgJournal(reader.sql).after(0, 10)).map((e) => e.event_id)).toEqual(['w-1']);
    } finally {
      await stop();
    }
  });
});
