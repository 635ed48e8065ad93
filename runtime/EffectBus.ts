import { Counter, Gauge } from 'prom-client';
import type { Effect } from '../machines/kit/outputs.ts';
import type { EffectContext, EffectHandler } from './control.ts';
import { log } from './log.ts';
import { registry } from './metrics.ts';

/** An effect that has not landed yet, in the form a checkpoint stores (everything but the reply function). */
export interface PendingEffect {
  effect: Effect;
  id: string;
  actorId: string;
  tick: number;
  now: number;
  attempts: number;
}

export interface EffectBusOptions {
  /** first retry delay; doubles per attempt up to `retryMaxMs` (default 100 ms) */
  retryBaseMs?: number;
  /** longest wait between two attempts (default 10 s: how late an action may land after Postgres is back) */
  retryMaxMs?: number;
}

const effectsUnlanded = new Gauge({
  name: 'midgard_effects_unlanded',
  help: 'Effects dispatched whose handler has not succeeded yet (in flight or waiting for a retry)',
  registers: [registry],
});
const effectRetries = new Counter({
  name: 'midgard_effect_retries_total',
  help: 'Effect handler attempts that failed and were scheduled again, by effect kind',
  labelNames: ['kind'] as const,
  registers: [registry],
});

/**
 * A failure no retry can fix (the effect itself is malformed): the effect is given up at once, logged and
 * counted, instead of retried forever. Stores signal it with `InvalidRecordError` or `code: 'bad_request'`.
 */
function isPermanent(err: unknown): boolean {
  const e = err as { name?: unknown; code?: unknown; permanent?: unknown } | null;
  return !!e && (e.permanent === true || e.code === 'bad_request' || e.name === 'InvalidRecordError');
}

interface Entry {
  saved: PendingEffect;
  ctx: EffectContext;
  handlers: EffectHandler[];
  timer: NodeJS.Timeout | null;
}

/**
 * Effects leave the pure world here, on the main thread: handlers by effect kind, plus `*` listeners (live
 * feeds, best effort). An effect is *durable until it lands*: when its own handler throws or rejects for a
 * reason that may pass (Postgres down, a provider timing out) it stays queued and is tried again with
 * exponential backoff, until every handler of its kind succeeded. Handlers must be idempotent on `ctx.id`
 * (the outbox and the AI recorder are), so a retry of a half-landed effect is a no-op.
 *
 * The queue is what a checkpoint stores next to the actors (`pending()`), and what a restart dispatches
 * again (`restore()`): an actor's checkpoint never moves past an effect that has not landed.
 * The tick loop is never stalled by it.
 */
export class EffectBus {
  private readonly handlers = new Map<string, Set<EffectHandler>>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly queue = new Map<string, Entry>();
  private readonly landedWaiters = new Set<() => void>();
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private closed = false;
  failures = 0;
  unhandled = 0;
  /** effects dropped because their failure was permanent (malformed), see isPermanent */
  givenUp = 0;

  constructor(options: EffectBusOptions = {}) {
    this.retryBaseMs = options.retryBaseMs ?? 100;
    this.retryMaxMs = options.retryMaxMs ?? 10_000;
  }

  on(kind: string, handler: EffectHandler): () => void {
    let set = this.handlers.get(kind);
    if (!set) this.handlers.set(kind, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  dispatch(effect: Effect, ctx: EffectContext): void {
    const own = [...(this.handlers.get(effect.kind) ?? [])];
    if (!own.length) this.unhandled++;
    for (const listener of this.handlers.get('*') ?? []) this.runListener(listener, effect, ctx);
    if (!own.length) return;
    // the same id twice (a restored effect the replay re-emits): one queue entry is enough, handlers are idempotent
    if (this.queue.has(ctx.id)) return;
    const entry: Entry = { saved: { effect, id: ctx.id, actorId: ctx.actorId, tick: ctx.tick, now: ctx.now, attempts: 0 }, ctx, handlers: own, timer: null };
    this.queue.set(ctx.id, entry);
    effectsUnlanded.set(this.queue.size);
    this.attempt(entry);
  }

  /** Effects not landed yet: what a checkpoint must carry so that a crash does not lose them. */
  pending(): PendingEffect[] {
    return [...this.queue.values()].map((e) => structuredClone(e.saved));
  }

  unlanded(): number {
    return this.queue.size;
  }

  /** Dispatch effects a checkpoint carried (see pending()); `reply` rebuilds each one's way back to its actor. */
  restore(saved: readonly PendingEffect[], reply: (saved: PendingEffect) => EffectContext['reply']): void {
    for (const s of saved) {
      this.dispatch(s.effect, { id: s.id, actorId: s.actorId, tick: s.tick, now: s.now, reply: reply(s) });
    }
  }

  /** Resolves true once nothing is unlanded, or false after `timeoutMs` with effects still queued. */
  whenLanded(timeoutMs = Infinity): Promise<boolean> {
    if (!this.queue.size) return Promise.resolve(true);
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        this.landedWaiters.delete(done);
        resolve(true);
      };
      this.landedWaiters.add(done);
      if (Number.isFinite(timeoutMs)) {
        timer = setTimeout(() => {
          this.landedWaiters.delete(done);
          resolve(false);
        }, timeoutMs);
      }
    });
  }

  /**
   * Resolves once every attempt started so far has settled (used on flush and shutdown). Effects waiting for a
   * retry are not waited for: they are in `pending()`, which the checkpoint stores.
   */
  async settle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  /** Stop retrying (shutdown): what is still queued stays in pending() for the last checkpoint. */
  close(): void {
    this.closed = true;
    for (const entry of this.queue.values()) if (entry.timer) clearTimeout(entry.timer);
  }

  private attempt(entry: Entry): void {
    entry.timer = null;
    if (this.closed) return;
    entry.saved.attempts++;
    const run = async () => {
      const failed: EffectHandler[] = [];
      let lastError: unknown;
      for (const handler of entry.handlers) {
        try {
          await handler(entry.saved.effect, entry.ctx);
        } catch (err) {
          if (isPermanent(err)) {
            this.giveUp(entry, err);
            continue;
          }
          failed.push(handler);
          lastError = err;
        }
      }
      if (!failed.length) return this.landed(entry);
      entry.handlers = failed;
      this.failures++;
      effectRetries.inc({ kind: entry.saved.effect.kind });
      const delay = Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** Math.min(entry.saved.attempts - 1, 30));
      const { kind } = entry.saved.effect;
      log.warn({ err: lastError, effect: kind, actorId: entry.saved.actorId, effectId: entry.saved.id, attempts: entry.saved.attempts, retryInMs: delay }, 'effect handler failed; will retry');
      if (!this.closed) {
        entry.timer = setTimeout(() => this.attempt(entry), delay);
        entry.timer.unref();
      }
    };
    this.track(run());
  }

  private landed(entry: Entry): void {
    this.queue.delete(entry.saved.id);
    effectsUnlanded.set(this.queue.size);
    if (!this.queue.size) for (const waiter of [...this.landedWaiters]) waiter();
  }

  private giveUp(entry: Entry, err: unknown): void {
    this.givenUp++;
    log.error({ err, effect: entry.saved.effect.kind, actorId: entry.saved.actorId, effectId: entry.saved.id }, 'effect refused as malformed; not retried');
  }

  private runListener(listener: EffectHandler, effect: Effect, ctx: EffectContext): void {
    const fail = (err: unknown) => log.warn({ err, effect: effect.kind, effectId: ctx.id }, 'effect listener failed');
    try {
      const result = listener(effect, ctx);
      if (result instanceof Promise) this.track(result.catch(fail));
    } catch (err) {
      fail(err);
    }
  }

  private track(promise: Promise<void>): void {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
  }
}
