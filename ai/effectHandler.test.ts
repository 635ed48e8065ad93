import { describe, expect, it } from 'vitest';
import type { EffectContext } from '../runtime/control.ts';
import type { PlainEvent } from '../machines/kit/outputs.ts';
import { AiRouter } from './AiRouter.ts';
import { MemoryDecisionRecorder } from './DecisionRecorder.ts';
import { aiEffectHandler, decisionKey } from './effectHandler.ts';
import { aiDecisionSchema, AI_DECIDE } from './types.ts';

function context(id: string): EffectContext & { replies: { event: PlainEvent; to?: string }[] } {
  const replies: { event: PlainEvent; to?: string }[] = [];
  return { id, actorId: 'npc:prontera.guard', tick: 10, now: 1_000, replies, reply: (event, to) => replies.push({ event, to }) };
}

describe('aiEffectHandler', () => {
  it('answers an ai.decide effect with a schema-valid ai.decision to the emitting actor, recorded by effect id', async () => {
    const recorder = new MemoryDecisionRecorder();
    const handler = aiEffectHandler(new AiRouter({ recorder, batchWindowMs: 1 }));
    const ctx = context('npc:prontera.guard#10.0');
    await handler(
      { kind: AI_DECIDE, request: { requestId: 'q-1', purpose: 'decision', actorId: 'npc:prontera.guard', facts: { weather: 'rain' }, options: ['patrol', 'shelter'] } },
      ctx,
    );
    expect(ctx.replies).toHaveLength(1);
    const decision = aiDecisionSchema.parse(ctx.replies[0]!.event);
    expect(decision).toMatchObject({ requestId: 'q-1', fallback: false });
    expect(['patrol', 'shelter']).toContain(decision.choice);
    expect(ctx.replies[0]!.to).toBeUndefined();
    expect(await recorder.get(decisionKey('npc:prontera.guard#10.0', 'q-1'))).toEqual(decision);
  });

  it('rejects a malformed request with ai.error naming the problem, and records nothing', async () => {
    const recorder = new MemoryDecisionRecorder();
    const handler = aiEffectHandler(new AiRouter({ recorder, batchWindowMs: 1 }));
    const ctx = context('npc:x#1.0');
    await handler({ kind: AI_DECIDE, request: { requestId: 'q-2', purpose: 'decision', actorId: 'npc:x', options: [] } }, ctx);
    expect(ctx.replies).toEqual([
      { event: { type: 'ai.error', requestId: 'q-2', error: { code: 'invalid_request', message: expect.stringContaining('request.options') } }, to: undefined },
    ]);
    const silent = context('npc:x#1.1');
    await handler({ kind: AI_DECIDE, request: 'not an object' }, silent);
    expect(silent.replies).toEqual([]);
    expect(recorder.size).toBe(0);
  });
});
