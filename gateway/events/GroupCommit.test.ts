import { describe, expect, it } from 'vitest';
import { MemoryJournal } from '../../persistence/memory/index.ts';
import type { AppendOptions, GameEvent, JournaledEvent } from '../../persistence/types.ts';
import { GroupCommit } from './GroupCommit.ts';

const ev = (id: string, player = 1): GameEvent => ({ event_id: id, event_type: 'monster_kill', player_id: player, timestamp: 1, priority: 'normal', payload: {} });

/** A journal whose appends wait for `open()` and which records every call. */
function gatedJournal() {
  const inner = new MemoryJournal();
  const calls: string[][] = [];
  let gate: Promise<void> = Promise.resolve();
  let open = () => {};
  return {
    inner,
    calls,
    close() {
      gate = new Promise<void>((r) => (open = r));
    },
    open: () => open(),
    async append(events: GameEvent[], options?: AppendOptions) {
      calls.push(events.map((e) => e.event_id!));
      await gate;
      if (events.some((e) => e.event_id === 'poison')) throw new Error('constraint violated');
      return inner.append(events, options);
    },
  };
}

describe('GroupCommit', () => {
  it('appends at once when idle (no waiting for company)', async () => {
    const j = gatedJournal();
    const commit = new GroupCommit(j);
    const r = await commit.append([ev('a')]);
    expect(r.accepted.map((e) => e.key)).toEqual(['a']);
    expect(j.calls).toEqual([['a']]);
  });

  it('folds the batches that arrive during an append into one append, answering each caller exactly', async () => {
    const j = gatedJournal();
    await j.inner.append([ev('old')]);
    const commit = new GroupCommit(j);
    j.close();
    const first = commit.append([ev('a')]);
    const second = commit.append([ev('b'), ev('c'), ev('old')]);
    const third = commit.append([ev('c'), ev('d')]); // c was also in the second batch
    await new Promise((r) => setTimeout(r, 5));
    j.open();
    const [r1, r2, r3] = await Promise.all([first, second, third]);
    expect(j.calls).toEqual([['a'], ['b', 'c', 'old', 'c', 'd']]);
    expect([r1.accepted.map((e) => e.key), r1.duplicates]).toEqual([['a'], 0]);
    expect([r2.accepted.map((e) => e.key), r2.duplicates]).toEqual([['b', 'c'], 1]);
    expect([r3.accepted.map((e) => e.key), r3.duplicates]).toEqual([['d'], 1]);
    expect([...r1.accepted, ...r2.accepted, ...r3.accepted].map((e) => e.seq)).toEqual([2, 3, 4, 5]); // submission order
    expect(commit.stats).toEqual({ appends: 2, callers: 3 });
  });

  it("isolates a failing batch: the others in its group still commit, only its caller sees the error", async () => {
    const j = gatedJournal();
    const commit = new GroupCommit(j);
    j.close();
    const first = commit.append([ev('a')]);
    const good = commit.append([ev('b')]);
    const bad = commit.append([ev('poison')]);
    const alsoGood = commit.append([ev('c')]);
    j.open();
    await first;
    expect((await good).accepted.map((e) => e.key)).toEqual(['b']);
    await expect(bad).rejects.toThrow('constraint violated');
    expect((await alsoGood).accepted.map((e) => e.key)).toEqual(['c']);
    expect(j.inner.size).toBe(3);
  });

  it('caps a group at maxEvents so one transaction stays bounded', async () => {
    const j = gatedJournal();
    const commit = new GroupCommit(j, 3);
    j.close();
    const all = [commit.append([ev('a')]), commit.append([ev('b'), ev('c')]), commit.append([ev('d')]), commit.append([ev('e'), ev('f')])];
    j.open();
    await Promise.all(all);
    expect(j.calls).toEqual([['a'], ['b', 'c', 'd'], ['e', 'f']]);
  });

  it("asks each caller's hold about the new events it claimed in a group, and stores the union", async () => {
    const j = gatedJournal();
    const commit = new GroupCommit(j);
    const asked: Record<string, string[]> = { first: [], second: [] };
    const holdAll = (who: string) => async (fresh: readonly JournaledEvent[]) => {
      asked[who]!.push(...fresh.map((e) => e.key));
      return new Set(fresh.map((e) => e.key));
    };
    j.close();
    const first = commit.append([ev('a'), ev('b')], { hold: holdAll('first') });
    const second = commit.append([ev('b'), ev('c')], { hold: holdAll('second') }); // b is the first caller's
    const third = commit.append([ev('d')]); // no hold: never held
    j.open();
    const [r1, r2, r3] = await Promise.all([first, second, third]);
    expect(asked).toEqual({ first: ['a', 'b'], second: ['c'] });
    expect([...r1.accepted, ...r2.accepted, ...r3.accepted].map((e) => [e.key, e.held ?? false])).toEqual([['a', true], ['b', true], ['c', true], ['d', false]]);
  });
});
