import { log } from '../runtime/log.ts';

/**
 * A set of in-process listeners. One listener failing must not stop the others nor the writer that notified
 * them (the write is already durable), so errors are logged and swallowed here, in one place.
 *
 * @example
 * const enqueued = new Listeners<OutboxEntry[]>('outbox.enqueued');
 * const off = enqueued.add((entries) => wake(entries));
 * enqueued.emit(newEntries);
 * off();
 */
export class Listeners<T> {
  readonly #listeners = new Set<(value: T) => void>();

  constructor(private readonly name: string) {}

  add(listener: (value: T) => void): () => void {
    // wrap so the same function added twice is two subscriptions, each removable on its own
    const entry = (value: T) => listener(value);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  emit(value: T): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(value);
      } catch (err) {
        log.warn({ err, listeners: this.name }, 'listener threw; ignored');
      }
    }
  }

  get size(): number {
    return this.#listeners.size;
  }
}
