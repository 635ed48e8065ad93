import { afterAll, describe, expect, it } from 'vitest';
import { uniqueSchema } from '../test/persistence/pgTargets.ts';
import { openDatabase, type Database } from './database.ts';
import { MemoryJournal } from './memory/MemoryJournal.ts';
import { migrate } from './migrate.ts';
import { PgJournal } from './pg/PgJournal.ts';
import type { GameEvent, Journal, JournaledEvent } from './types.ts';

const url = process.env.DATABASE_URL;
const kill = (id: string, player = 150_001): GameEvent => ({ event_id: id, event_type: 'monster_kill', player_id: player, timestamp: 1, priority: 'normal', payload: {} });
/** holds every event of player 7, and records what it was asked about */
function holdPlayer7(asked: string[][]) {
  return async (fresh: readonly JournaledEvent[]) => {
    asked.push(fresh.map((e) => `${e.seq}:${e.key}`));
    return new Set(fresh.filter((e) => e.player_id === 7).map((e) => e.key));
  };
}

/** The `hold` decision of `Journal.append`, the same on every journal: stored with the events, read back by anyone. */
function holdContract(open: () => Promise<Journal>) {
  it('marks the events `hold` names, asks about new events only, and reads the mark back', async () => {
    const journal = await open();
    await journal.append([kill('a')]);
    const asked: string[][] = [];
    const { accepted, duplicates } = await journal.append([kill('a'), kill('b', 7), kill('c')], { hold: holdPlayer7(asked) });
    expect(duplicates).toBe(1);
    expect(asked).toEqual([['2:b', '3:c']]); // the duplicate costs no hit
    expect(accepted.map((e) => [e.key, e.held ?? false])).toEqual([['b', true], ['c', false]]);
    const read = await journal.after(0, 10);
    expect(read.map((e) => [e.key, e.held ?? false])).toEqual([['a', false], ['b', true], ['c', false]]);
    expect(read[2]).not.toHaveProperty('held'); // unheld events look as they always did
  });

  it('appends nothing when `hold` fails, and takes the same events again afterwards', async () => {
    const journal = await open();
    await expect(journal.append([kill('x')], { hold: async () => Promise.reject(new Error('rate limits unreachable')) })).rejects.toThrow(/unreachable/);
    expect(await journal.after(0, 10)).toEqual([]);
    const again = await journal.append([kill('x')], { hold: async () => new Set() });
    expect(again.accepted.map((e) => [e.seq, e.key])).toEqual([[1, 'x']]);
  });

  it('gives gap-free seqs to appends that interleave while `hold` is awaited', async () => {
    const journal = await open();
    const slowHold = async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return new Set<string>();
    };
    await Promise.all(Array.from({ length: 5 }, (_, b) => journal.append([kill(`p${b}-0`), kill(`p${b}-1`)], { hold: slowHold })));
    const read = await journal.after(0, 100);
    expect(read.map((e) => e.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });
}

describe('MemoryJournal: held events', () => {
  holdContract(async () => new MemoryJournal());
});

describe.runIf(url)('PgJournal: held events', () => {
  const opened: Database[] = [];
  afterAll(async () => {
    for (const db of opened) {
      await db.sql`drop schema if exists ${db.sql(db.schema)} cascade`;
      await db.close();
    }
  });

  holdContract(async () => {
    // a schema per test: each starts from an empty journal
    const db = await openDatabase({ url, schema: uniqueSchema('hold'), max: 4 });
    opened.push(db);
    await migrate(db.sql);
    return new PgJournal(db.sql);
  });
});
