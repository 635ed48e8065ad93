import { eventKey } from '../eventKey.ts';
import type { AppendOptions, GameEvent, Journal, JournaledEvent } from '../types.ts';
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

  async append(events: GameEvent[], options: AppendOptions = {}): Promise<{ accepted: JournaledEvent[]; duplicates: number }> {
    assertGameEvents(events);
    const fresh: { key: string; event: GameEvent }[] = [];
    let duplicates = 0;
    for (const event of events) {
      const key = eventKey(event);
      if (this.#keys.has(key)) {
        duplicates++;
        continue;
      }
      // claimed now: an append running while `hold` is awaited sees these keys as duplicates, as in Postgres
      this.#keys.add(key);
      // a deep copy: the caller may reuse or mutate its objects after the journal accepted them
      fresh.push({ key, event: structuredClone(event) });
    }
    let held: ReadonlySet<string> = new Set();
    if (options.hold && fresh.length > 0) {
      try {
        // seqs are given after the await (appends may interleave there); `hold` sees the events as they will be
        const next = this.#events.length;
        held = await options.hold(fresh.map(({ key, event }, i) => ({ ...structuredClone(event), seq: next + i + 1, key })));
      } catch (err) {
        for (const { key } of fresh) this.#keys.delete(key); // nothing appended
        throw err;
      }
    }
    const accepted: JournaledEvent[] = [];
    for (const { key, event } of fresh) {
      const stored: JournaledEvent = { ...event, seq: this.#events.length + 1, key };
      if (held.has(key)) stored.held = true;
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
