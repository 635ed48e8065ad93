import { eventKey } from '../../persistence/eventKey.ts';
import type { AppendOptions, GameEvent, HoldDecision, Journal, JournaledEvent } from '../../persistence/types.ts';
import { journalAppends, journalCallers } from '../metrics.ts';

type AppendResult = { accepted: JournaledEvent[]; duplicates: number };

interface Waiting {
  events: GameEvent[];
  hold?: HoldDecision;
  resolve(result: AppendResult): void;
  reject(err: unknown): void;
}

/**
 * Group commit for the journal: while one append is in flight, the dispatches that arrive meanwhile wait and
 * then go to the journal together as one append (one transaction, one fsync). An idle gateway appends at once
 * — no timer, no added latency — and a busy one turns N small transactions into one large one, which is what
 * lets a journal that serializes appends (gap-free seqs) keep up with many bridges.
 *
 * Each caller gets exactly what a separate append would have told it, in submission order: an event is
 * accepted for the first caller that carried its key, and is a duplicate for everyone after. Each caller's `hold`
 * decides for the new events it claimed, inside the one transaction.
 *
 * @example
 * const commit = new GroupCommit(journal);
 * const { accepted, duplicates } = await commit.append(events); // durable when it resolves
 */
export class GroupCommit implements Pick<Journal, 'append'> {
  readonly #journal: Pick<Journal, 'append'>;
  readonly #maxEvents: number;
  readonly #queue: Waiting[] = [];
  #flushing = false;
  /** appends issued to the journal, and callers served by them (for metrics and tests) */
  readonly stats = { appends: 0, callers: 0 };

  constructor(journal: Pick<Journal, 'append'>, maxEvents = 2_000) {
    this.#journal = journal;
    this.#maxEvents = maxEvents;
  }

  append(events: GameEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.#queue.push({ events, hold: options.hold, resolve, reject });
      if (!this.#flushing) void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    this.#flushing = true;
    try {
      while (this.#queue.length > 0) {
        const group: Waiting[] = [];
        let size = 0;
        while (this.#queue.length > 0 && (group.length === 0 || size + this.#queue[0]!.events.length <= this.#maxEvents)) {
          const next = this.#queue.shift()!;
          group.push(next);
          size += next.events.length;
        }
        await this.#commit(group);
      }
    } finally {
      this.#flushing = false;
    }
  }

  async #commit(group: Waiting[]): Promise<void> {
    this.stats.appends++;
    this.stats.callers += group.length;
    journalAppends.inc();
    journalCallers.inc(group.length);
    let result: AppendResult;
    try {
      result = await this.#journal.append(group.flatMap((w) => w.events), { hold: holdEach(group) });
    } catch (err) {
      if (group.length === 1) return group[0]!.reject(err);
      // one caller's events must not fail everyone: retry each on its own (the failed group wrote nothing)
      for (const w of group) await this.#commit([w]);
      return;
    }
    if (group.length === 1) return group[0]!.resolve(result);
    claimEach(group, result.accepted).forEach((accepted, i) => group[i]!.resolve({ accepted, duplicates: group[i]!.events.length - accepted.length }));
  }
}

/** A group's journaled events shared out among its callers: each gets those of its own events, first by key wins. */
function claimEach(group: Waiting[], journaled: readonly JournaledEvent[]): JournaledEvent[][] {
  const unclaimed = new Map(journaled.map((e) => [e.key, e]));
  return group.map((w) => {
    const mine: JournaledEvent[] = [];
    for (const event of w.events) {
      const claimed = unclaimed.get(eventKey(event));
      if (claimed) {
        mine.push(claimed);
        unclaimed.delete(claimed.key);
      }
    }
    return mine;
  });
}

/** One `hold` for a group's append: each caller's own, asked about the new events it claimed (first by key wins). */
function holdEach(group: Waiting[]): HoldDecision | undefined {
  if (!group.some((w) => w.hold)) return undefined;
  if (group.length === 1) return group[0]!.hold;
  return async (fresh) => {
    const asks = claimEach(group, fresh).map((mine, i) => {
      const hold = group[i]!.hold;
      return hold && mine.length > 0 ? hold(mine) : Promise.resolve(new Set<string>());
    });
    const held = new Set<string>();
    for (const keys of await Promise.all(asks)) for (const key of keys) held.add(key);
    return held;
  };
}
