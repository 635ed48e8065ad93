import type { Redis } from 'ioredis';
import { Listeners } from '../Listeners.ts';
import type { PubSub } from '../types.ts';
import { InvalidRecordError } from '../validate.ts';

/**
 * Pub/sub fan-out through Redis (live dashboard updates across processes). A subscribed connection can do
 * nothing else, so subscriptions get their own duplicate of the client. Listeners are kept here, not only
 * in Redis: if SUBSCRIBE fails because Redis is away, the channel is subscribed again when the connection
 * is back ('ready'), and `FallbackPubSub` delivers locally meanwhile.
 *
 * @example
 * const bus = new RedisPubSub(createRedisClient(url, 'pub'), 'midgard:ps:');
 * const off = await bus.subscribe('dashboard', render);
 */
export class RedisPubSub implements PubSub {
  readonly subscriber: Redis;
  readonly #channels = new Map<string, Listeners<string>>();

  constructor(
    readonly publisher: Redis,
    private readonly prefix: string,
  ) {
    this.subscriber = publisher.duplicate({ connectionName: 'midgard-subscriber' });
    this.subscriber.on('error', () => {}); // logged by the publisher's handler; same server
    this.subscriber.on('message', (channel: string, message: string) => {
      if (!channel.startsWith(prefix)) return;
      this.#channels.get(channel.slice(prefix.length))?.emit(message);
    });
    this.subscriber.on('ready', () => {
      const channels = [...this.#channels.keys()].map((c) => prefix + c);
      if (channels.length > 0) this.subscriber.subscribe(...channels).catch(() => {});
    });
  }

  async publish(channel: string, message: string): Promise<void> {
    assertChannel(channel);
    if (typeof message !== 'string') throw new InvalidRecordError('message must be a string');
    await this.publisher.publish(this.prefix + channel, message);
  }

  /** Subscribes; if Redis refuses, the listener is removed again and the error is thrown. */
  async subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>> {
    const { off, subscribed } = this.listen(channel, onMessage);
    try {
      await subscribed;
    } catch (err) {
      await off();
      throw err;
    }
    return off;
  }

  /**
   * Registers the listener at once and reports the Redis SUBSCRIBE separately: a listener whose SUBSCRIBE
   * failed stays registered and is subscribed when the connection is back ('ready'). For `FallbackPubSub`.
   */
  listen(channel: string, onMessage: (message: string) => void): { off: () => Promise<void>; subscribed: Promise<void> } {
    assertChannel(channel);
    let listeners = this.#channels.get(channel);
    const first = !listeners;
    if (!listeners) {
      listeners = new Listeners<string>(`redis-pubsub:${channel}`);
      this.#channels.set(channel, listeners);
    }
    const remove = listeners.add(onMessage);
    const owner = listeners;
    const off = async () => {
      remove();
      if (owner.size === 0 && this.#channels.get(channel) === owner) {
        this.#channels.delete(channel);
        if (this.subscriber.status === 'ready') await this.subscriber.unsubscribe(this.prefix + channel).catch(() => {});
      }
    };
    const subscribed = first ? this.subscriber.subscribe(this.prefix + channel).then(() => undefined) : Promise.resolve();
    return { off, subscribed };
  }
}

function assertChannel(channel: string): void {
  if (typeof channel !== 'string' || channel.length === 0) throw new InvalidRecordError('channel must be a non-empty string');
}
