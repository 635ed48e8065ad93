import type { EffectContext, EffectHandler } from '../runtime/control.ts';
import { log } from '../runtime/log.ts';
import type { AiRouter } from './AiRouter.ts';
import { aiDecideEffectSchema, AI_DECIDE } from './types.ts';

/**
 * Plugs the AI layer into the runtime: register it for `ai.decide` effects and every request is answered with
 * an `ai.decision` event to the emitting actor. The effect id is the recording key, so a replay gets the same
 * answers. A malformed request changes nothing and is answered with `ai.error` (when it names a requestId),
 * so the actor is not left waiting for a decision that will never come.
 *
 * @example
 * runtime.onEffect(AI_DECIDE, aiEffectHandler(new AiRouter({ recorder })));
 */

export const AI_ERROR = 'ai.error';

/** The recording key of one decision: the effect id (stable across replays) and the actor's own request id. */
export const decisionKey = (effectId: string, requestId: string): string => `${effectId}#${requestId}`;

export function aiEffectHandler(router: AiRouter): EffectHandler {
  return async function handleAiDecide(effect, ctx: EffectContext) {
    const parsed = aiDecideEffectSchema.safeParse(effect);
    if (!parsed.success) {
      const requestId = (effect as { request?: { requestId?: unknown } }).request?.requestId;
      const message = parsed.error.issues.map((i) => `${i.path.join('.') || '(effect)'}: ${i.message}`).join('; ');
      log.warn({ effectId: ctx.id, actorId: ctx.actorId, message }, `ai: invalid ${AI_DECIDE} effect`);
      if (typeof requestId === 'string') ctx.reply({ type: AI_ERROR, requestId, error: { code: 'invalid_request', message } });
      return;
    }
    // one effect id can carry several requests (an actor asking twice for one event): the request id tells them apart
    const decision = await router.decide(parsed.data.request, { effectId: decisionKey(ctx.id, parsed.data.request.requestId), now: ctx.now });
    ctx.reply({ ...decision });
  };
}
