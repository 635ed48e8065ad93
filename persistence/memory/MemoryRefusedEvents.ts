import type { RefusedEvent, RefusedEventLog } from '../types.ts';
import { assertRefusedEvents, assertSafeInteger } from '../validate.ts';

/**
 * Refused events kept in process memory (tests, simulation, a gateway without a database): the newest `keep`,
 * deduplicated by key like the Postgres table.
 *
 * @example
 * const refused = new MemoryRefusedEvents();
 * await refused.record([{ key: 'b:…:3', index: 3, event_type: 'guild_war', reason: 'unknown event_type', … }]);
 */
export class MemoryRefusedEvents implements RefusedEventLog {
  readonly #entries: (RefusedEvent & { id: number })[] = [];
  readonly #keys = new Set<string>();
  #id = 0;

  constructor(private readonly keep = 1000) {}

  async record(events: RefusedEvent[]): Promise<number> {
    assertRefusedEvents(events);
    let added = 0;
    for (const e of events) {
      if (this.#keys.has(e.key)) continue;
      this.#keys.add(e.key);
      this.#entries.push({ ...structuredClone(e), id: ++this.#id });
      added++;
    }
    // a key that fell out of the window may be recorded again: harmless for a list that is only shown
    for (const old of this.#entries.splice(0, Math.max(0, this.#entries.length - this.keep))) this.#keys.delete(old.key);
    return added;
  }

  async recent(limit: number): Promise<(RefusedEvent & { id: number })[]> {
    assertSafeInteger(limit, 'limit', 1);
    return this.#entries.slice(-limit).reverse().map((e) => structuredClone(e));
  }
}
