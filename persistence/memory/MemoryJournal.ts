import { eventKey } from '../eventKey.ts';
import type { GameEvent, Journal, JournaledEvent } from '../types.ts';
import { assertGameEvents, assertSafeInteger } from '../validate.ts';

/**
 * The event journal kept in process memory: for simulation and tests. Same contract as `PgJournal` — dedupe by
 * event id or content key, gap-free `seq` starting at 1, a monotonic applied mark — but "durable" only for the
 * life of the process.
 *
 * @example
 * const journal = new MemoryJournal();
 * const { accepted } = await journal.append([{ event_type: 'player_login', player_id: 1, timestamp: 0,
 *   priority: 'normal', payload: {} }]);
 * accepted[0].seq; // 1
 */
export class MemoryJournal implements Journal {
  readonly #events: JournaledEvent[] = [];
  readonly #keys = new Set<string>();
  #applied = 0;

  async append(events: GameEvent[]): Promise<{ accepted: JournaledEvent[]; duplicates: number }> {
    assertGameEvents(events);
    const accepted: JournaledEvent[] = [];
    let duplicates = 0;
    for (const event of events) {
      const key = eventKey(event);
      if (this.#keys.has(key)) {
        duplicates++;
        continue;
      }
      this.#keys.add(key);
      // a deep copy: the caller may reuse or mutate its objects after the journal accepted them
      const stored: JournaledEvent = { ...structuredClone(event), seq: this.#events.length + 1, key };
      this.#events.push(stored);
      accepted.push(structuredClone(stored));
    }
    return { accepted, duplicates };
  }

  async after(seq: number, limit: number): Promise<JournaledEvent[]> {
    assertSafeInteger(seq, 'seq');
    assertSafeInteger(limit, 'limit', 1);
    // seq n lives at index n-1, so the events after `seq` start at index `seq`
    return this.#events.slice(seq, seq + limit).map((e) => structuredClone(e));
  }

  async markApplied(seq: number): Promise<void> {
    assertSafeInteger(seq, 'seq');
    if (seq > this.#events.length) {
      throw new RangeError(`markApplied(${seq}): the journal only holds ${this.#events.length} events`);
    }
    // a late, lower mark (from an older checkpoint finishing after a newer one) must not move it back
    this.#applied = Math.max(this.#applied, seq);
  }

  async appliedUpTo(): Promise<number> {
    return this.#applied;
  }

  /** How many events are held (tests, metrics). */
  get size(): number {
    return this.#events.length;
  }
}
