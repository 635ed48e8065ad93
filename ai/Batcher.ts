/**
 * Tier 3's collector: requests of the same group arriving within `windowMs` (or until `maxBatch` are waiting)
 * are dispatched together, so one LLM call answers many NPCs. A batch's result is split back to each caller;
 * if the dispatch throws, every caller of that batch gets the error (the router turns it into fallbacks).
 *
 * @example
 * const batcher = new Batcher<AiRequest, Answer | undefined>({
 *   windowMs: 25, maxBatch: 20, groupOf: (r) => r.purpose,
 *   dispatch: async (requests) => requests.map(answerSomehow),
 * });
 * const answer = await batcher.submit(request);
 */

export interface BatcherOptions<Item, Result> {
  windowMs?: number;
  maxBatch?: number;
  groupOf: (item: Item) => string;
  /** must return one result per item, in order */
  dispatch: (items: Item[], group: string) => Promise<Result[]>;
}

interface Pending<Item, Result> {
  items: Item[];
  waiters: { resolve: (result: Result) => void; reject: (error: unknown) => void }[];
  cancel: (() => void) | null;
}

export class Batcher<Item, Result> {
  private readonly pending = new Map<string, Pending<Item, Result>>();
  private readonly windowMs: number;
  private readonly maxBatch: number;
  private dispatched = 0;
  private itemsDispatched = 0;

  constructor(private readonly options: BatcherOptions<Item, Result>) {
    this.windowMs = options.windowMs ?? 25;
    this.maxBatch = options.maxBatch ?? 20;
    if (this.maxBatch < 1) throw new Error('maxBatch must be ≥ 1');
  }

  submit(item: Item): Promise<Result> {
    const group = this.options.groupOf(item);
    let batch = this.pending.get(group);
    if (!batch) {
      batch = { items: [], waiters: [], cancel: null };
      this.pending.set(group, batch);
      // the window opens with the first request, so no request waits longer than windowMs for company;
      // a window of 0 collects what arrives in the same event-loop turn (setImmediate runs after the microtasks)
      if (this.windowMs > 0) {
        const timer = setTimeout(() => this.flushGroup(group), this.windowMs);
        batch.cancel = () => clearTimeout(timer);
      } else {
        const immediate = setImmediate(() => this.flushGroup(group));
        batch.cancel = () => clearImmediate(immediate);
      }
    }
    const promise = new Promise<Result>((resolve, reject) => batch.waiters.push({ resolve, reject }));
    batch.items.push(item);
    if (batch.items.length >= this.maxBatch) this.flushGroup(group);
    return promise;
  }

  /** Dispatch everything waiting now (shutdown, tests, end of a simulated tick). */
  flush(): void {
    for (const group of [...this.pending.keys()]) this.flushGroup(group);
  }

  stats(): { batches: number; items: number; waiting: number } {
    let waiting = 0;
    for (const batch of this.pending.values()) waiting += batch.items.length;
    return { batches: this.dispatched, items: this.itemsDispatched, waiting };
  }

  private flushGroup(group: string): void {
    const batch = this.pending.get(group);
    if (!batch) return;
    this.pending.delete(group);
    batch.cancel?.();
    this.dispatched++;
    this.itemsDispatched += batch.items.length;
    this.options.dispatch(batch.items, group).then(
      (results) => {
        if (results.length !== batch.items.length) {
          const error = new Error(`batch dispatch returned ${results.length} results for ${batch.items.length} items`);
          for (const waiter of batch.waiters) waiter.reject(error);
          return;
        }
        batch.waiters.forEach((waiter, i) => waiter.resolve(results[i]!));
      },
      (error: unknown) => {
        for (const waiter of batch.waiters) waiter.reject(error);
      },
    );
  }
}
