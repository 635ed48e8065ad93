import { offlineAiHandler, simulate, type SimOptions } from '../../world/simulate.ts';
import { aiRequestSchema, type AiRequest } from '../types.ts';

/**
 * Records the AI requests a real `midgard sim` run emits (world/simulate.ts), with the virtual time of the
 * tick that emitted each, so the bench can replay the world's actual workload through the router.
 *
 * Every request is copied on its way to the sim's AI handler, which still answers exactly as before (the run is
 * unchanged).
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
  const answer = options.aiHandler ?? offlineAiHandler;
  const summary = await simulate({
    ...options,
    aiHandler: (effect, ctx) => {
      const parsed = aiRequestSchema.safeParse(effect.request);
      if (parsed.success) requests.push({ now: ctx.now, tick: ctx.tick, request: parsed.data });
      else invalid++;
      return answer(effect, ctx);
    },
  });
  return { requests, invalid, tickMs: summary.tickMs };
}
