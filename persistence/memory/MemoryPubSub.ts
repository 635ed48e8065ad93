import { Listeners } from '../Listeners.ts';
import type { PubSub } from '../types.ts';
import { InvalidRecordError } from '../validate.ts';

/**
 * In-process pub/sub. Delivery is asynchronous (a later turn of the event loop), as it is with Redis, so code
 * written against this never comes to rely on a subscriber having run before `publish` returns.
 *
 * @example
 * const bus = new MemoryPubSub();
 * const off = await bus.subscribe('dashboard', (m) => console.log(m));
 * await bus.publish('dashboard', '{"tick":1}');
 * await off();
 */
export class MemoryPubSub implements PubSub {
  readonly #channels = new Map<string, Listeners<string>>();

  async publish(channel: string, message: string): Promise<void> {
    if (typeof channel !== 'string' || channel.length === 0) throw new InvalidRecordError('channel must be a non-empty string');
    if (typeof message !== 'string') throw new InvalidRecordError('message must be a string');
    const listeners = this.#channels.get(channel);
    if (!listeners) return;
    setImmediate(() => listeners.emit(message));
  }

  async subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>> {
    if (typeof channel !== 'string' || channel.length === 0) throw new InvalidRecordError('channel must be a non-empty string');
    let listeners = this.#channels.get(channel);
    if (!listeners) {
      listeners = new Listeners<string>(`pubsub:${channel}`);
      this.#channels.set(channel, listeners);
    }
    const remove = listeners.add(onMessage);
    const owner = listeners;
    return async () => {
      remove();
      if (owner.size === 0 && this.#channels.get(channel) === owner) this.#channels.delete(channel);
    };
  }

  /** Subscribers on a channel (tests, leak checks). */
  subscribers(channel: string): number {
    return this.#channels.get(channel)?.size ?? 0;
  }
}
