import type { ActionOutbox, BridgeAction, OutboxEntry } from '../../persistence/types.ts';
import { log } from '../../runtime/log.ts';

export interface ActionPumpOptions {
  outbox: ActionOutbox;
  /** wake-ups on enqueue (ActionSignal); without one the pump only sweeps */
  signal?: { live: boolean; sweepMs?: number; subscribe(listener: () => void): () => void };
  /** deliver leased actions to the connected bridge; a rejection stops the pump (the peer is gone) */
  deliver(entries: OutboxEntry[]): Promise<void>;
  leaseMs(): number;
  batch(): number;
  now(): number;
  /**
   * Safety net, not the latency path: re-check this often for expired leases (re-offers) and, without a live
   * signal, for actions enqueued elsewhere. Default: with a live signal (every enqueue, in any process, wakes
   * the pump) once per lease time — no lease can expire sooner, so nothing is polled for; without one, 100 ms.
   */
  sweepMs?: number;
}

/**
 * Pushes actions to one stream connection. It leases exactly like `GET /pending` does, so a poller and any
 * number of streams never receive the same action while it is in flight. It wakes on the outbox's enqueue
 * notification, so an action reaches a connected bridge within milliseconds rather than on a timer.
 *
 * Resuming (`Last-Event-ID`): actions after the acknowledged seq that are still leased were most likely sent to
 * the previous connection and lost with it, so they are sent again first (at-least-once; the bridge dedupes
 * by action_id and completion is idempotent).
 *
 * @example
 * const pump = new ActionPump({ outbox, signal, deliver: (es) => sendAll(es), leaseMs: () => 30_000, batch: () => 50, now: Date.now });
 * await pump.start(lastEventId);
 * // … on disconnect
 * pump.stop();
 */
export class ActionPump {
  readonly #o: ActionPumpOptions;
  #stopped = false;
  #draining = false;
  #again = false;
  #unsubscribe: (() => void) | null = null;
  #sweep: NodeJS.Timeout | null = null;

  constructor(options: ActionPumpOptions) {
    this.#o = options;
  }

  /** Resolves once the backlog is delivered; never rejects (a failure stops the pump and is logged). */
  async start(resumeAfter: number | null): Promise<void> {
    this.#unsubscribe = this.#o.signal?.subscribe(() => this.wake()) ?? null;
    const sweepMs = this.#o.sweepMs ?? this.#o.signal?.sweepMs ?? (this.#o.signal?.live ? this.#o.leaseMs() : 100);
    this.#sweep = setInterval(() => this.wake(), sweepMs);
    this.#sweep.unref();
    if (resumeAfter !== null) {
      try {
        await this.#replayInFlight(resumeAfter);
      } catch (err) {
        // never rejects: callers start pumps fire-and-forget; the peer simply gets nothing more
        log.warn({ err }, 'action stream resume failed');
        this.stop();
        return;
      }
    }
    await this.#drain();
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe?.();
    if (this.#sweep) clearInterval(this.#sweep);
  }

  wake(): void {
    void this.#drain();
  }

  async #replayInFlight(after: number): Promise<void> {
    let seq = after;
    for (;;) {
      const page = await this.#o.outbox.after(seq, 500);
      if (page.length === 0 || this.#stopped) return;
      const inFlight = page.filter((e) => e.status === 'leased');
      if (inFlight.length > 0) await this.#o.deliver(inFlight);
      seq = page[page.length - 1]!.seq;
    }
  }

  /** One drain at a time; a wake during a drain makes it loop once more instead of running concurrently. */
  async #drain(): Promise<void> {
    if (this.#draining) {
      this.#again = true;
      return;
    }
    this.#draining = true;
    try {
      do {
        this.#again = false;
        for (;;) {
          if (this.#stopped) return;
          const leased = await this.#o.outbox.lease(this.#o.batch(), this.#o.leaseMs(), this.#o.now());
          if (leased.length === 0) break;
          // leased but undelivered actions are re-offered when their lease expires: nothing is lost
          await this.#o.deliver(leased);
        }
      } while (this.#again);
    } catch (err) {
      log.warn({ err }, 'action stream delivery stopped');
      this.stop();
    } finally {
      this.#draining = false;
    }
  }
}

/** The contract's action object, without the outbox's bookkeeping fields. */
export function toBridgeAction(entry: OutboxEntry): BridgeAction {
  const action: BridgeAction = { action_id: entry.action_id, action_type: entry.action_type };
  if (entry.target_map != null) action.target_map = entry.target_map;
  if (entry.target_player_id != null) action.target_player_id = entry.target_player_id;
  if (entry.priority != null) action.priority = entry.priority;
  if (entry.payload != null) action.payload = entry.payload;
  return action;
}
