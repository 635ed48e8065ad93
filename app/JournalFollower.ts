import type { Journal, JournaledEvent } from '../persistence/types.ts';
import type { WakeSource } from '../persistence/pg/wakeups.ts';
import { log } from '../runtime/log.ts';

const PAGE = 1000;
/** Safety net, not the latency path: a wake-up lost with a half-open listening socket is found this late. */
const DEFAULT_SWEEP_MS = 5_000;

export interface JournalFollowerOptions {
  journal: Pick<Journal, 'after'>;
  /** hands one event to the world; called exactly once per seq, in seq order, never for a `held` one */
  route(event: JournaledEvent): void;
  /** the position the world already covers (its checkpoint's) */
  from: number;
  /** "the journal grew" from other processes (Postgres LISTEN on the journal's NOTIFY channel) */
  wake?: WakeSource;
  /** how often the journal is read anyway; default 5 s */
  sweepMs?: number;
}

/**
 * The one way journaled events reach a world: strictly in seq order, each once, from the position the world's
 * checkpoint covers. The journal is the truth — whoever appended (this process's gateway, a gateway elsewhere),
 * the follower reads `after(routedSeq)` when woken. Events this process just appended are `offer`ed and routed
 * without a read when they follow on; anything out of line (another process appended in between) makes it read.
 * Events the per-player limit `held` (marked in the journal by whoever appended them) only move the position on.
 *
 * @example
 * const follower = new JournalFollower({ journal, route, from: checkpoint.journalSeq, wake });
 * await follower.catchUp();   // before the world starts: what the last checkpoint had not covered
 * await follower.start();     // then follow
 */
export class JournalFollower {
  readonly #o: JournalFollowerOptions;
  #routed: number;
  #draining: Promise<void> | null = null;
  #again = false;
  #stopped = false;
  #sweep: NodeJS.Timeout | null = null;
  #unlisten: (() => Promise<void>) | null = null;

  constructor(options: JournalFollowerOptions) {
    this.#o = options;
    this.#routed = options.from;
  }

  /** the last seq handed to the world: what a checkpoint covers */
  get routedSeq(): number {
    return this.#routed;
  }

  /** Reads and routes everything journaled after `routedSeq`; resolves when the journal has no more. */
  async catchUp(): Promise<void> {
    for (;;) {
      const page = await this.#o.journal.after(this.#routed, PAGE);
      if (page.length === 0 || this.#stopped) return;
      for (const event of page) {
        if (event.seq <= this.#routed) continue; // routed meanwhile by `offer`
        // seqs are gap-free, except below what retention has already deleted: the journal's order is the truth
        this.#take(event);
      }
    }
  }

  /** Listens for wake-ups and sweeps now and then. */
  async start(): Promise<void> {
    this.#sweep = setInterval(() => this.wake(), this.#o.sweepMs ?? DEFAULT_SWEEP_MS);
    this.#sweep.unref();
    if (this.#o.wake) this.#unlisten = await this.#o.wake.subscribe(() => this.wake());
  }

  /** Events this process has just journaled (an append's `accepted`, `held` ones included). */
  offer(events: readonly JournaledEvent[]): void {
    for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
      if (event.seq <= this.#routed) continue;
      if (event.seq !== this.#routed + 1) {
        this.wake(); // someone else appended in between: the journal has the events in order
        return;
      }
      this.#take(event);
    }
  }

  /** Read the journal soon (one read at a time; a wake during a read makes it read once more). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#draining) {
      this.#again = true;
      return;
    }
    this.#draining = (async () => {
      try {
        do {
          this.#again = false;
          await this.catchUp();
        } while (this.#again && !this.#stopped);
      } catch (err) {
        log.warn({ err, routedSeq: this.#routed }, 'reading the journal failed; trying again on the next wake-up');
      } finally {
        this.#draining = null;
      }
    })();
  }

  /** Stops following; resolves once a read in progress ended. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#sweep) clearInterval(this.#sweep);
    await this.#unlisten?.();
    await this.#draining;
  }

  #take(event: JournaledEvent): void {
    this.#routed = event.seq;
    if (event.held) return;
    try {
      this.#o.route(event);
    } catch (err) {
      // one event the world cannot take must not stop the ones after it (it stays in the journal)
      log.error({ err, seq: event.seq, key: event.key }, 'routing a journaled event failed');
    }
  }
}
