import { randomUUID } from 'node:crypto';
import type { ActionOutbox, PubSub } from '../../persistence/types.ts';
import type { WakeSource } from '../../persistence/pg/wakeups.ts';
import { log } from '../../runtime/log.ts';

export const ACTIONS_CHANNEL = 'outbox.enqueued';

/**
 * "New actions are waiting": the wake-up every action stream listens to. In one process it is the outbox's own
 * enqueue notification. With pub/sub (Redis) configured it is also relayed between processes, so a stream held
 * by one gateway wakes when another process enqueued — instead of waiting for its sweep. A `wake` source
 * (Postgres LISTEN on the outbox's NOTIFY channel, persistence/pg/wakeups.ts) wakes a gateway that runs no world:
 * the enqueue's own transaction notifies, whoever enqueued.
 *
 * @example
 * const signal = new ActionSignal(outbox, pubsub, { wake: pgWakeSource(db.sql, wakeChannel('outbox', db.schema)) });
 * await signal.start();
 * const off = signal.subscribe(() => pump.wake());
 */
export class ActionSignal {
  readonly #outbox: ActionOutbox;
  readonly #pubsub: PubSub | undefined;
  readonly #listeners = new Set<() => void>();
  readonly #origin = randomUUID();
  readonly #stops: (() => void | Promise<void>)[] = [];
  readonly #wake: WakeSource | undefined;
  /** how often streams re-check the outbox anyway (expired leases, a lost wake-up); undefined: ActionPump's default */
  readonly sweepMs: number | undefined;

  constructor(outbox: ActionOutbox, pubsub?: PubSub, options: { wake?: WakeSource; sweepMs?: number } = {}) {
    this.#outbox = outbox;
    this.#pubsub = pubsub;
    this.#wake = options.wake;
    this.sweepMs = options.sweepMs;
  }

  /** True when enqueues are signalled at all; without it, streams fall back to a short sweep. */
  get live(): boolean {
    return typeof this.#outbox.onEnqueued === 'function' || this.#pubsub !== undefined || this.#wake !== undefined;
  }

  async start(): Promise<void> {
    const off = this.#outbox.onEnqueued?.(() => {
      this.#notify();
      this.#pubsub?.publish(ACTIONS_CHANNEL, this.#origin).catch((err) => log.warn({ err }, 'could not relay an action wake-up'));
    });
    if (off) this.#stops.push(off);
    if (this.#wake) {
      try {
        this.#stops.push(await this.#wake.subscribe(() => this.#notify()));
      } catch (err) {
        log.warn({ err }, 'action wake-ups from the database unavailable; streams sweep instead');
      }
    }
    if (this.#pubsub) {
      try {
        // our own relays come back too: skip them, the local listeners already woke
        const unsubscribe = await this.#pubsub.subscribe(ACTIONS_CHANNEL, (origin) => origin !== this.#origin && this.#notify());
        this.#stops.push(unsubscribe);
      } catch (err) {
        log.warn({ err }, 'action wake-ups from other processes unavailable; streams sweep instead');
      }
    }
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  async stop(): Promise<void> {
    for (const stop of this.#stops.splice(0)) await stop();
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
