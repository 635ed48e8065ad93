import { describe, expect, it } from 'vitest';
import { MemoryRefusedEvents } from '../../persistence/memory/MemoryRefusedEvents.ts';
import { PgJournal } from '../../persistence/pg/PgJournal.ts';
import { PgRefusedEvents } from '../../persistence/pg/PgRefusedEvents.ts';
import type { GameEvent, RefusedEvent, RefusedEventLog } from '../../persistence/types.ts';
import { schemaPerTest, targetNames } from './pgTargets.ts';

const kill: GameEvent = { event_type: 'monster_kill', player_id: 150001, map: 'prt_fild08', timestamp: 1732628400000, priority: 'normal', payload: { monster_id: 1002 } };
const refused = (key: string, over: Partial<RefusedEvent> = {}): RefusedEvent => ({
  key, index: 2, event_type: 'guild_war', reason: "unknown event_type 'guild_war'", event: { event_type: 'guild_war', timestamp: 1 }, source: 'bridge:10.0.0.5', refusedAt: 1_800_000_000_000, ...over,
});

/** The same behaviour from both refused-event logs. */
async function refusedLogBehaves(log: RefusedEventLog, keep: number): Promise<void> {
  expect(await log.record([refused('b:a:2'), refused('b:a:3', { index: 3, event_type: null })])).toBe(2);
  expect(await log.record([refused('b:a:2')])).toBe(0); // the retried batch
  const recent = await log.recent(10);
  expect(recent.map((r) => [r.key, r.index, r.event_type])).toEqual([['b:a:3', 3, null], ['b:a:2', 2, 'guild_war']]);
  expect(recent[1]).toMatchObject({ reason: "unknown event_type 'guild_war'", event: { event_type: 'guild_war', timestamp: 1 }, source: 'bridge:10.0.0.5', refusedAt: 1_800_000_000_000 });
  await expect(log.record([refused('')])).rejects.toThrow(/key/);
  await log.record(Array.from({ length: keep + 3 }, (_, i) => refused(`b:many:${i}`, { index: i })));
  const kept = await log.recent(keep + 10);
  expect(kept).toHaveLength(keep);
  expect(kept[0]!.key).toBe(`b:many:${keep + 2}`);
}

describe('MemoryRefusedEvents', () => {
  it('records refused events once per key, newest first, and keeps only the newest', () => refusedLogBehaves(new MemoryRefusedEvents(5), 5));
});

describe.each(targetNames('both'))('server events and refused events on %s', (name) => {
  const schemas = schemaPerTest(name);

  it('journals an event without a player as null and reads it back without player_id', async () => {
    const db = await schemas.fresh();
    const journal = new PgJournal(db.sql);
    const { player_id: _, ...reset } = { ...kill, event_type: 'daily_reset', map: undefined, payload: {} };
    await journal.append([reset, { ...kill, key: 'b:x:0' }, { ...kill, key: 'b:x:1' }]);
    const [stored, k0, k1] = await journal.after(0, 10);
    expect(stored).not.toHaveProperty('player_id');
    expect(stored).not.toHaveProperty('map');
    expect([k0!.key, k1!.key, k1!.player_id]).toEqual(['b:x:0', 'b:x:1', 150001]);
    const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from event_journal where player_id is null`;
    expect(n).toBe(1);
  });

  it('PgRefusedEvents records refused events once per key, newest first, and keeps only the newest', async () => {
    const db = await schemas.fresh();
    await refusedLogBehaves(new PgRefusedEvents(db.sql, 5), 5);
  });
});
