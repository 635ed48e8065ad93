import { describe, expect, it } from 'vitest';
import { MemoryJournal } from '../persistence/memory/index.ts';
import type { GameEvent, JournaledEvent } from '../persistence/types.ts';
import type { WakeSource } from '../persistence/pg/wakeups.ts';
import { until } from '../test/support/until.ts';
import { JournalFollower } from './JournalFollower.ts';

const NEVER_MS = 3_600_000;
const events = (from: number, n: number): GameEvent[] =>
  Array.from({ length: n }, (_, i) => ({ event_id: `e-${from + i}`, event_type: 'custom', player_id: 1, timestamp: 1, priority: 'normal', payload: {} }));

/** A wake source the test fires by hand: what Postgres LISTEN is in production. */
function manualWake(): WakeSource & { fire(): void } {
  let listener: () => void = () => {};
  return {
    async subscribe(onWake) {
      listener = onWake;
      return async () => {
        listener = () => {};
      };
    },
    fire: () => listener(),
  };
}

describe('JournalFollower', () => {
  it('routes each seq once, in order, whether offered in-process or read after a wake-up', async () => {
    const journal = new MemoryJournal();
    const routed: number[] = [];
    const wake = manualWake();
    const follower = new JournalFollower({ journal, route: (e) => routed.push(e.seq), from: 0, wake, sweepMs: NEVER_MS });
    const first = (await journal.append(events(1, 3))).accepted;
    await follower.catchUp(); // what the checkpoint had not covered
    await follower.start();
    follower.offer(first); // a late in-process hand-off of what was already read: nothing twice
    const mine = (await journal.append(events(4, 2))).accepted;
    follower.offer(mine); // follows on: routed without a read
    expect(routed).toEqual([1, 2, 3, 4, 5]);

    await journal.append(events(6, 2)); // another process appended…
    const after = (await journal.append(events(8, 1))).accepted;
    follower.offer(after); // …so this one is out of line: the follower reads the journal instead
    await until('the journal read after the gap', () => routed.length === 8);
    wake.fire(); // a NOTIFY for rows already routed changes nothing
    await journal.append(events(9, 1));
    wake.fire();
    await until('the event woken for', () => routed.length === 9);
    await follower.stop();
    expect(routed).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('moves past events the journal marks held without routing them, offered or read', async () => {
    const journal = new MemoryJournal();
    const routed: number[] = [];
    const follower = new JournalFollower({ journal, route: (e) => routed.push(e.seq), from: 0 });
    const holdSecond = async (fresh: readonly JournaledEvent[]) => new Set([fresh[1]!.key]);
    await journal.append(events(1, 3), { hold: holdSecond }); // appended elsewhere: read from the journal
    await follower.catchUp();
    const mine = (await journal.append(events(4, 3), { hold: holdSecond })).accepted;
    follower.offer(mine); // appended here: handed over in-process
    expect(routed).toEqual([1, 3, 4, 6]);
    expect(follower.routedSeq).toBe(6);
  });

  it('keeps following after an event the world cannot take', async () => {
    const journal = new MemoryJournal();
    const routed: number[] = [];
    const follower = new JournalFollower({
      journal, from: 0,
      route: (e) => {
        if (e.seq === 2) throw new Error('bad event');
        routed.push(e.seq);
      },
    });
    await journal.append(events(1, 3));
    await follower.catchUp();
    expect(routed).toEqual([1, 3]);
    expect(follower.routedSeq).toBe(3);
  });
});
