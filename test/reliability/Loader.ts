/**
 * A bridge under load, as the runs used: `batchesPerSecond` batches of `eventsPerBatch` events with
 * event ids, each batch retried (same ids) until it is acknowledged, honouring Retry-After (capped at 1 s).
 * It records every status seen, requests that got no answer in `hangMs`, and which events were acknowledged.
 */
export class Loader {
  readonly statuses = new Map<string, number>();
  readonly acked = new Set<string>();
  readonly sent = new Set<string>();
  hung = 0;
  private batchNo = 0;
  private stopped = false;
  private readonly loops: Promise<void>[] = [];

  constructor(
    private url: () => string,
    private readonly key: string,
    private readonly options = { batchesPerSecond: 10, eventsPerBatch: 25, players: 500, hangMs: 15_000, prefix: 'r' },
  ) {}

  start(): void {
    const every = 1000 / this.options.batchesPerSecond;
    const tick = async () => {
      while (!this.stopped) {
        const started = Date.now();
        this.loops.push(this.deliver(this.batchNo++));
        await new Promise((r) => setTimeout(r, Math.max(0, every - (Date.now() - started))));
      }
    };
    this.loops.push(tick());
  }

  /** stop sending new batches; wait for those in flight to be acknowledged (they keep retrying) */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }

  private count(status: string): void {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }

  private async deliver(n: number): Promise<void> {
    const { eventsPerBatch, players, prefix } = this.options;
    const events = Array.from({ length: eventsPerBatch }, (_, i) => ({
      event_id: `${prefix}-${n}-${i}`, event_type: 'custom', player_id: 150_001 + ((n * eventsPerBatch + i) % players),
      timestamp: 1_732_628_400_000 + n, priority: 'normal', payload: {},
    }));
    for (const e of events) this.sent.add(e.event_id);
    for (let attempt = 0; attempt < 600; attempt++) {
      let wait = 200;
      try {
        const res = await fetch(`${this.url()}/api/v1/events/dispatch`, {
          method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': this.key }, body: JSON.stringify({ events }),
          signal: AbortSignal.timeout(this.options.hangMs),
        });
        this.count(String(res.status));
        await res.body?.cancel();
        if (res.status === 200) {
          for (const e of events) this.acked.add(e.event_id);
          return;
        }
        wait = Math.min(1000, Number(res.headers.get('retry-after') ?? '1') * 1000);
      } catch (err) {
        if ((err as Error).name === 'TimeoutError') this.hung++;
        this.count((err as Error).name === 'TimeoutError' ? 'hung' : 'no connection');
      }
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
