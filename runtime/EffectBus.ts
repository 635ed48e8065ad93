import type { Effect } from '../machines/kit/outputs.ts';
import type { EffectContext, EffectHandler } from './control.ts';
import { log } from './log.ts';

/**
 * Effects leave the pure world here, on the main thread: handlers by effect kind, plus `*` listeners (live
 * feeds). A handler that throws or rejects is logged and counted; it never stalls the tick loop.
 */
export class EffectBus {
  private readonly handlers = new Map<string, Set<EffectHandler>>();
  private readonly inFlight = new Set<Promise<void>>();
  failures = 0;
  unhandled = 0;

  on(kind: string, handler: EffectHandler): () => void {
    let set = this.handlers.get(kind);
    if (!set) this.handlers.set(kind, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  dispatch(effect: Effect, ctx: EffectContext): void {
    const own = this.handlers.get(effect.kind);
    const any = this.handlers.get('*');
    if (!own?.size) this.unhandled++;
    for (const handler of [...(own ?? []), ...(any ?? [])]) {
      try {
        const result = handler(effect, ctx);
        if (result instanceof Promise) this.track(result.catch((err) => this.fail(effect, ctx, err)));
      } catch (err) {
        this.fail(effect, ctx, err);
      }
    }
  }

  /** Resolves once every asynchronous handler started so far has settled (used on flush and shutdown). */
  async settle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  private track(promise: Promise<void>): void {
    this.inFlight.add(promise);
    promise.finally(() => this.inFlight.delete(promise));
  }

  private fail(effect: Effect, ctx: EffectContext, err: unknown): void {
    this.failures++;
    log.error({ err, effect: effect.kind, actorId: ctx.actorId, effectId: ctx.id }, 'effect handler failed');
  }
}
