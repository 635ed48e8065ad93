import { describe, expect, it } from 'vitest';
import { providersFromEnv } from '../ai/config.ts';
import { forkAi, forkAiEnv } from './forkAi.ts';

const LIVE_ENV = { ANTHROPIC_API_KEY: 'sk-live', GROQ_API_KEY: 'gsk-live', MIDGARD_AI_PROVIDERS: 'anthropic,groq', MIDGARD_AI_DAILY_BUDGET_USD: '50', DATABASE_URL: 'postgres://x' };

describe("a fork's AI", () => {
  it('has no provider key, so no paid model, unless the user gives it a budget', async () => {
    const offline = forkAiEnv(LIVE_ENV, 0);
    expect(offline).not.toHaveProperty('ANTHROPIC_API_KEY');
    expect(offline).not.toHaveProperty('GROQ_API_KEY');
    expect(offline).not.toHaveProperty('DATABASE_URL');
    expect((await providersFromEnv(offline)).map((p) => p.name)).toEqual(['offline']);
    const paid = forkAiEnv(LIVE_ENV, 2);
    expect(paid.MIDGARD_AI_DAILY_BUDGET_USD).toBe('2'); // the fork's budget, not the live world's
    expect((await providersFromEnv(paid)).map((p) => p.name)).toContain('anthropic');
  });

  it('answers from the decisions the live world recorded', async () => {
    const decision = { type: 'ai.decision' as const, requestId: 'q1', tier: 'full' as const, provider: 'anthropic', fallback: false, text: 'recorded words' };
    const { router } = await forkAi({ decisions: new Map([['npc:1/t1/q1', decision]]), env: LIVE_ENV });
    const answer = await router.decide({ requestId: 'q1', purpose: 'dialogue', actorId: 'npc:1', facts: {} } as never, { effectId: 'npc:1/t1/q1', now: 0 });
    expect(answer).toMatchObject({ text: 'recorded words', provider: 'anthropic' });
    expect(router.stats()).toMatchObject({ replayed: 1, llmCalls: 0 });
  });
});
