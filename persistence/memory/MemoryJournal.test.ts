import { describe, expect, it } from 'vitest';
import type { GameEvent } from '../types.ts';
import { MemoryJournal } from './MemoryJournal.ts';

const login = (over: Partial<GameEvent> = {}): GameEvent => ({
  event_type: 'player_login',
  player_id: 150001,
  map: 'prontera',
  timestamp: 1732628400000,
  priority: 'normal',
  payload: { action: 'login' },
  ...over,
});

describe('MemoryJournal', () => {
  it('gives accepted events gap-free seqs from 1 and returns them in order', async () => {
    const journal = new MemoryJournal();
    const { accepted } = await journal.append([login({ event_id: 'a' }), login({ event_id: 'b' })]);
    expect(accepted.map((e) => [e.seq, e.key])).toEqual([[1, 'a'], [2, 'b']]);
    const more = await journal.append([login({ event_id: 'c' })]);
    expect(more.accepted[0]!.seq).toBe(3);
    expect((await journal.after(1, 10)).map((e) => e.event_id)).toEqual(['b', 'c']);
    expect((await journal.after(0, 2)).map((e) => e.seq)).toEqual([1, 2]);
    expect(await journal.after(3, 10)).toEqual([]);
  });

  it('treats a repeated event_id as a no-op, even inside one batch', async () => {
    const journal = new MemoryJournal();
    await journal.append([login({ event_id: 'x' })]);
    const again = await journal.append([login({ event_id: 'x', payload: { other: 1 } }), login({ event_id: 'y' }), login({ event_id: 'y' })]);
    expect(again.duplicates).toBe(2);
    expect(again.accepted.map((e) => e.event_id)).toEqual(['y']);
    expect(journal.size).toBe(2);
  });

  it('dedupes id-less events by content, whatever the payload key order, and not by priority', async () => {
    const journal = new MemoryJournal();
    await journal.append([login({ payload: { a: 1, b: { c: 2, d: 3 } } })]);
    const retry = await journal.append([login({ payload: { b: { d: 3, c: 2 }, a: 1 }, priority: 'high' })]);
    expect(retry).toEqual({ accepted: [], duplicates: 1 });
    const different = await journal.append([
      login({ payload: { a: 1, b: { c: 2, d: 4 } } }),
      login({ timestamp: 1732628400001 }),
      login({ map: 'geffen' }),
      login({ player_id: 150002 }),
      login({ event_type: 'player_logout' }),
    ]);
    expect(different.accepted).toHaveLength(5);
    expect(new Set(different.accepted.map((e) => e.key)).size).toBe(5);
    expect(different.accepted.every((e) => e.key.startsWith('c:'))).toBe(true);
  });

  it('refuses a malformed batch as a whole and writes nothing', async () => {
    const journal = new MemoryJournal();
    const bad = [login({ event_id: 'ok' }), { ...login(), player_id: -5 }];
    await expect(journal.append(bad)).rejects.toThrow(/event #1: player_id/);
    await expect(journal.append([{ ...login(), priority: 'meh' } as unknown as GameEvent])).rejects.toThrow(/priority/);
    expect(journal.size).toBe(0);
    expect((await journal.append([login({ event_id: 'ok' })])).accepted).toHaveLength(1);
  });

  it('keeps its own copy of what it accepted', async () => {
    const journal = new MemoryJournal();
    const event = login({ event_id: 'm', payload: { monster_id: 1002 } });
    await journal.append([event]);
    event.payload.monster_id = 9999;
    expect((await journal.after(0, 1))[0]!.payload).toEqual({ monster_id: 1002 });
  });

  it('moves the applied mark forward only, and never past the end', async () => {
    const journal = new MemoryJournal();
    await journal.append([login({ event_id: '1' }), login({ event_id: '2' }), login({ event_id: '3' })]);
    expect(await journal.appliedUpTo()).toBe(0);
    await journal.markApplied(2);
    await journal.markApplied(1);
    expect(await journal.appliedUpTo()).toBe(2);
    await expect(journal.markApplied(4)).rejects.toThrow(/only holds 3/);
    await expect(journal.markApplied(-1)).rejects.toThrow(/seq must be/);
    expect(await journal.appliedUpTo()).toBe(2);
  });
});

describe('MemoryJournal keys set by the caller', () => {
  it('keeps two identical events apart when the caller keyed them apart, and drops a repeat of a key', async () => {
    const journal = new MemoryJournal();
    const kill = login({ event_type: 'monster_kill', payload: { monster_id: 1002 } });
    const first = await journal.append([{ ...kill, key: 'b:x:0' }, { ...kill, key: 'b:x:1' }]);
    expect(first.accepted.map((e) => e.key)).toEqual(['b:x:0', 'b:x:1']);
    expect(await journal.append([{ ...kill, key: 'b:x:0' }, { ...kill, key: 'b:x:1' }])).toEqual({ accepted: [], duplicates: 2 });
  });
  it('journals a server event with no player_id, and refuses player_id 0 (absent is the one spelling)', async () => {
    const journal = new MemoryJournal();
    const { player_id: _, ...reset } = login({ event_type: 'daily_reset', payload: {} });
    const { accepted } = await journal.append([reset]);
    expect(accepted[0]).not.toHaveProperty('player_id');
    await expect(journal.append([{ ...reset, player_id: 0 }])).rejects.toThrow(/player_id/);
    await expect(journal.append([{ ...reset, event_type: 'guild_war' }])).rejects.toThrow(/event_type/);
  });
});
