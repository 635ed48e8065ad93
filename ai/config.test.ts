import { describe, expect, it } from 'vitest';
import { aiRouterFromEnv, parseModels, providersFromEnv } from './config.ts';
import { MemoryCache } from '../persistence/memory/MemoryCache.ts';

describe('AI configuration from the environment', async () => {
  it('runs offline when no key is set (empty values count as unset)', async () => {
    expect((await providersFromEnv({})).map((p) => p.name)).toEqual(['offline']);
    expect((await providersFromEnv({ ANTHROPIC_API_KEY: '', GROQ_API_KEY: '' })).map((p) => p.name)).toEqual(['offline']);
  });

  it('builds the chain in the configured order from the providers that have keys', async () => {
    const both = { ANTHROPIC_API_KEY: 'a', GROQ_API_KEY: 'g', GROQ_BASE_URL: 'http://127.0.0.1:9/' };
    expect((await providersFromEnv(both)).map((p) => p.name)).toEqual(['anthropic', 'groq']);
    expect((await providersFromEnv({ ...both, MIDGARD_AI_PROVIDERS: 'groq, anthropic' })).map((p) => p.name)).toEqual(['groq', 'anthropic']);
    expect((await providersFromEnv({ GROQ_API_KEY: 'g' })).map((p) => p.name)).toEqual(['groq']);
  });

  it('rejects bad values with a clear message', async () => {
    await expect(providersFromEnv({ MIDGARD_AI_PROVIDERS: 'openai' })).rejects.toThrow(/unknown provider "openai"/);
    await expect(providersFromEnv({ GROQ_BASE_URL: 'not a url' })).rejects.toThrow(/GROQ_BASE_URL/);
    await expect(aiRouterFromEnv({ MIDGARD_AI_DAILY_BUDGET_USD: '-3' })).rejects.toThrow(/MIDGARD_AI_DAILY_BUDGET_USD/);
  });

  it('applies the budget and call limit', async () => {
    const router = await aiRouterFromEnv({ MIDGARD_AI_DAILY_BUDGET_USD: '2.5', MIDGARD_AI_CALLS_PER_HOUR: '10' });
    expect(router.cost.dailyBudgetUsd).toBe(2.5);
    expect(router.cost.callsPerHour).toBe(10);
    expect((await aiRouterFromEnv({})).cost.callsPerHour).toBe(1000);
  });

  it('overrides models per provider and tier, and refuses a malformed override', async () => {
    const env = { ANTHROPIC_API_KEY: 'a', GROQ_API_KEY: 'g', MIDGARD_AI_MODELS: 'anthropic.full=claude-opus-4-7, groq.batched=qwen/qwen3-32b' };
    const [anthropic, groq] = await providersFromEnv(env);
    expect(anthropic!.modelFor('full')).toBe('claude-opus-4-7');
    expect(anthropic!.modelFor('batched')).toBe('claude-haiku-4-5');
    expect(groq!.modelFor('batched')).toBe('qwen/qwen3-32b');
    expect(parseModels(undefined)).toEqual({});
    expect(() => parseModels('anthropic.huge=x')).toThrow(/MIDGARD_AI_MODELS/);
    await expect(providersFromEnv({ ...env, MIDGARD_AI_MODELS: 'openai.full=gpt' })).rejects.toThrow(/MIDGARD_AI_MODELS/);
  });

  it("keeps the day's spend in the cache, so a restarted world still knows what it spent", async () => {
    const l2 = new MemoryCache();
    const first = await aiRouterFromEnv({ MIDGARD_AI_DAILY_BUDGET_USD: '0.02' }, { l2 });
    first.cost.record('anthropic', 'claude-sonnet-4-6', 5_000, 1_000); // $0.03
    await first.cost.flushed();
    const restarted = await aiRouterFromEnv({ MIDGARD_AI_DAILY_BUDGET_USD: '0.02' }, { l2 });
    await restarted.cost.restore(); // (aiRouterFromEnv starts it; awaiting it again is harmless)
    expect(restarted.cost.spentTodayUsd()).toBeGreaterThanOrEqual(0.03);
    expect(restarted.cost.budgetState()).toBe('exhausted');
  });
});
