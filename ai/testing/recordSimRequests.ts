import { Runtime } from '../../runtime/Runtime.ts';
import type { EffectHandler } from '../../runtime/control.ts';
import { simulate, type SimOptions } from '../../world/simulate.ts';
import { aiRequestSchema, AI_DECIDE, type AiRequest } from '../types.ts';

/**
 * Records the AI requests a real `midgard sim` run emits (world/simulate.ts), with the virtual time of the
 * tick that emitted each, so the bench can replay the world's actual workload through the router.
 *
 * `simulate` registers its own `ai.decide` handler (an offline stub) and offers no hook, so this wraps
 * `Runtime.prototype.onEffect` for the duration of the run: the world's handler still answers exactly as
 * before (the run is unchanged), and every request is copied on the way. Wanted instead: a `SimOptions`
 * hook for the AI handler, so the sim can run on the real AI layer (see the AI report).
 *
 * @example
 * const { requests } = await recordSimRequests({ npcs: 2000, days: 7, seed: 42, workers: 0 });
 */

export interface RecordedRequest {
  /** virtual epoch ms of the emitting tick */
  now: number;
  tick: number;
  request: AiRequest;
}

export async function recordSimRequests(options: SimOptions): Promise<{ requests: RecordedRequest[]; invalid: number; tickMs: number }> {
  const requests: RecordedRequest[] = [];
  let invalid = 0;
  const original = Runtime.prototype.onEffect;
  Runtime.prototype.onEffect = function onEffectRecordingAi(this: Runtime, kind: string, handler: EffectHandler) {
    if (kind !== AI_DECIDE) return original.call(this, kind, handler);
    return original.call(this, kind, (effect, ctx) => {
      const parsed = aiRequestSchema.safeParse(effect.request);
      if (parsed.success) requests.push({ now: ctx.now, tick: ctx.tick, request: parsed.data });
      else invalid++;
      return handler(effect, ctx);
    });
  };
  try {
    const summary = await simulate(options);
    return { requests, invalid, tickMs: summary.tickMs };
  } finally {
    Runtime.prototype.onEffect = original;
  }
}
