import { Listeners } from '../Listeners.ts';
import type { ActionOutbox, BridgeAction, OutboxEntry, OutboxListener } from '../types.ts';
import { assertBridgeActions, assertCompletion, assertSafeInteger } from '../validate.ts';

export interface OutboxOptions {
  /**
   * Leases that may expire before an action is given up as failed. The original bridge never completes an
   * action it crashed on; without a bound such an action would be re-offered forever.
   */
  maxAttempts?: number;
}

/**
 * The action outbox in process memory. An action is `pending` until leased; a lease hides it from `lease`
 * until `leaseUntil`, after which it is offered again (its `attempts` counts the offers). `complete` is
 * idempotent: the first completion wins and later ones return true without changing it.
 *
 * @example
 * const outbox = new MemoryOutbox();
 * await outbox.enqueue([{ action_id: 'a-1', action_type: 'broadcast_message', payload: { message: 'hi' } }]);
 * const [entry] = await outbox.lease(10, 30_000, Date.now()); // status 'leased', attempts 1
 * await outbox.complete('a-1', 'completed', 'shown', Date.now()); // true
 */
export class MemoryOutbox implements ActionOutbox {
  readonly #entries: OutboxEntry[] = [];
  readonly #byId = new Map<string, OutboxEntry>();
  readonly #enqueued = new Listeners<OutboxEntry[]>('outbox.enqueued');
  readonly #maxAttempts: number;
  /** entries before this index are all completed or failed: `lease` need not look at them again */
  #firstOpen = 0;

  constructor(options: OutboxOptions = {}) {
    this.#maxAttempts = assertSafeInteger(options.maxAttempts ?? 5, 'maxAttempts', 1);
  }

  async enqueue(actions: BridgeAction[]): Promise<OutboxEntry[]> {
    assertBridgeActions(actions);
    const created: OutboxEntry[] = [];
    for (const action of actions) {
      if (this.#byId.has(action.action_id)) continue;
      const entry: OutboxEntry = {
        ...structuredClone(action),
        seq: this.#entries.length + 1,
        status: 'pending',
        attempts: 0,
        leaseUntil: null,
        resultMessage: null,
        completedAt: null,
      };
      this.#entries.push(entry);
      this.#byId.set(entry.action_id, entry);
      created.push(structuredClone(entry));
    }
    if (created.length > 0) this.#enqueued.emit(created.map((e) => structuredClone(e)));
    return created;
  }

  async lease(limit: number, leaseMs: number, now: number): Promise<OutboxEntry[]> {
    assertSafeInteger(limit, 'limit', 1);
    assertSafeInteger(leaseMs, 'leaseMs', 1);
    assertSafeInteger(now, 'now');
    const leased: OutboxEntry[] = [];
    while (this.#firstOpen < this.#entries.length && isClosed(this.#entries[this.#firstOpen]!)) this.#firstOpen++;
    for (let i = this.#firstOpen; i < this.#entries.length; i++) {
      const entry = this.#entries[i]!;
      if (leased.length >= limit) break;
      const expired = entry.status === 'leased' && entry.leaseUntil !== null && entry.leaseUntil <= now;
      if (expired && entry.attempts >= this.#maxAttempts) {
        giveUp(entry, now, this.#maxAttempts);
        continue;
      }
      if (entry.status !== 'pending' && !expired) continue;
      entry.status = 'leased';
      entry.attempts++;
      entry.leaseUntil = now + leaseMs;
      leased.push(structuredClone(entry));
    }
    return leased;
  }

  async complete(actionId: string, status: 'completed' | 'failed', message: string | undefined, now: number): Promise<boolean> {
    assertCompletion(actionId, status, now);
    const entry = this.#byId.get(actionId);
    if (!entry) return false;
    if (entry.status === 'completed' || entry.status === 'failed') return true;
    entry.status = status;
    entry.leaseUntil = null;
    entry.resultMessage = message ?? null;
    entry.completedAt = now;
    return true;
  }

  async after(seq: number, limit: number): Promise<OutboxEntry[]> {
    assertSafeInteger(seq, 'seq');
    assertSafeInteger(limit, 'limit', 1);
    return this.#entries.slice(seq, seq + limit).map((e) => structuredClone(e));
  }

  async get(actionId: string): Promise<OutboxEntry | null> {
    const entry = this.#byId.get(actionId);
    return entry ? structuredClone(entry) : null;
  }

  onEnqueued(listener: OutboxListener): () => void {
    return this.#enqueued.add(listener);
  }
}

function isClosed(entry: OutboxEntry): boolean {
  return entry.status === 'completed' || entry.status === 'failed';
}

function giveUp(entry: OutboxEntry, now: number, maxAttempts: number): void {
  entry.status = 'failed';
  entry.leaseUntil = null;
  entry.resultMessage = `lease expired ${maxAttempts} times without completion`;
  entry.completedAt = now;
}
