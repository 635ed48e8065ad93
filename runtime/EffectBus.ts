import { Counter, Gauge } from 'prom-client';
import type { Effect } from './messages.ts';
import type { EffectContext, EffectHandler } from './control.ts';
import { EffectSpill } from './EffectSpill.ts';
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
  /** most un-landed effects kept in memory (default 10,000); past it they are spilled to a file */
  maxInMemory?: number;
  /** where spill files go (default ./data/effects-spill); created only when something is spilled */
  spillDir?: string;
  /** the way back to an actor for an effect read back from the spill file (its reply function was not saved) */
  replyFor?: (saved: PendingEffect) => EffectContext['reply'];
}

/** Default bound of the in-memory retry queue (MIDGARD_EFFECTS_IN_MEMORY). */
export const DEFAULT_EFFECTS_IN_MEMORY = 10_000;
/** Default spill directory (MIDGARD_EFFECTS_SPILL_DIR). */
export const DEFAULT_EFFECTS_SPILL_DIR = 'data/effects-spill';

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
 *
 * Memory is bounded: past `maxInMemory` un-landed effects, new ones are appended to a spill file (EffectSpill)
 * instead, and read back in dispatch order once the in-memory queue has drained completely, so a spilled
 * effect never overtakes one dispatched before it. While anything is spilled every new effect goes to the
 * file too (first in, first out). The checkpoint stays the one durable record: `pending()` includes the
 * spilled effects, because the checkpoint is written in the same transaction as the actors it belongs to
 * (a local file could disagree with it after a crash, or be on another machine than the database).
 * The tick loop is never stalled by it.
 */
export class EffectBus {
  private readonly handlers = new Map<string, Set<EffectHandler>>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly queue = new Map<string, Entry>();
  private readonly landedWaiters = new Set<() => void>();
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly maxInMemory: number;
  private readonly spillDir: string;
  private readonly replyFor: (saved: PendingEffect) => EffectContext['reply'];
  private spill: EffectSpill | null = null;
  private closed = false;
  failures = 0;
  unhandled = 0;
  /** effects dropped because their failure was permanent (malformed), see isPermanent */
  givenUp = 0;

  constructor(options: EffectBusOptions = {}) {
    this.retryBaseMs = options.retryBaseMs ?? 100;
    this.retryMaxMs = options.retryMaxMs ?? 10_000;
    this.maxInMemory = options.maxInMemory ?? DEFAULT_EFFECTS_IN_MEMORY;
    if (!Number.isInteger(this.maxInMemory) || this.maxInMemory < 1) throw new RangeError(`maxInMemory must be a positive integer, got ${options.maxInMemory}`);
    this.spillDir = options.spillDir ?? DEFAULT_EFFECTS_SPILL_DIR;
    this.replyFor = options.replyFor ?? ((saved) => () => log.warn({ effectId: saved.id }, 'reply from a spilled effect dropped: no reply path configured'));
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
    if (this.queue.has(ctx.id) || this.spill?.has(ctx.id)) return;
    const saved: PendingEffect = { effect, id: ctx.id, actorId: ctx.actorId, tick: ctx.tick, now: ctx.now, attempts: 0 };
    if (this.queue.size >= this.maxInMemory || this.spill?.size) {
      (this.spill ??= new EffectSpill(this.spillDir)).append(saved);
      effectsUnlanded.set(this.unlanded());
      return;
    }
    this.enqueue(saved, ctx, own);
  }

  /** Effects not landed yet (in memory, then spilled, oldest first): what a checkpoint must carry. */
  pending(): PendingEffect[] {
    return [...[...this.queue.values()].map((e) => structuredClone(e.saved)), ...(this.spill?.peekAll() ?? [])];
  }

  unlanded(): number {
    return this.queue.size + (this.spill?.size ?? 0);
  }

  /** Effects waiting in the spill file (past the in-memory bound). */
  spilled(): number {
    return this.spill?.size ?? 0;
  }

  /** Dispatch effects a checkpoint carried (see pending()); `reply` rebuilds each one's way back to its actor. */
  restore(saved: readonly PendingEffect[], reply: (saved: PendingEffect) => EffectContext['reply']): void {
    for (const s of saved) {
      this.dispatch(s.effect, { id: s.id, actorId: s.actorId, tick: s.tick, now: s.now, reply: reply(s) });
    }
  }

  /** Resolves true once nothing is unlanded, or false after `timeoutMs` with effects still queued. */
  whenLanded(timeoutMs = Infinity): Promise<boolean> {
    if (!this.unlanded()) return Promise.resolve(true);
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

  /**
   * Stop retrying (shutdown, after the last checkpoint, which carried what is still queued): the spill file
   * is deleted, since that checkpoint holds its effects.
   */
  close(): void {
    this.closed = true;
    for (const entry of this.queue.values()) if (entry.timer) clearTimeout(entry.timer);
    this.spill?.clear();
  }

  private enqueue(saved: PendingEffect, ctx: EffectContext, handlers: EffectHandler[]): void {
    const entry: Entry = { saved, ctx, handlers, timer: null };
    this.queue.set(saved.id, entry);
    effectsUnlanded.set(this.unlanded());
    this.attempt(entry);
  }

  /** The in-memory queue is empty: bring back the oldest spilled effects, up to the bound, in order. */
  private unspill(): void {
    // a batch may hold only effects whose handlers are gone: then take the next one
    while (this.spill?.size && !this.closed && !this.queue.size) {
      for (const saved of this.spill.take(this.maxInMemory)) {
        const handlers = [...(this.handlers.get(saved.effect.kind) ?? [])];
        const ctx: EffectContext = { id: saved.id, actorId: saved.actorId, tick: saved.tick, now: saved.now, reply: this.replyFor(saved) };
        if (!handlers.length) {
          this.unhandled++;
          continue;
        }
        this.enqueue(saved, ctx, handlers);
      }
    }
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
    if (!this.queue.size) this.unspill();
    effectsUnlanded.set(this.unlanded());
    if (!this.unlanded()) for (const waiter of [...this.landedWaiters]) waiter();
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
