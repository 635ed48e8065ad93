import { describe, expect, it } from 'vitest';
import { aiRouterFromEnv, providersFromEnv } from './config.ts';

describe('AI configuration from the environment', () => {
  it('runs offline when no key is set (empty values count as unset)', () => {
    expect(providersFromEnv({}).map((p) => p.name)).toEqual(['offline']);
    expect(providersFromEnv({ ANTHROPIC_API_KEY: '', GROQ_API_KEY: '' }).map((p) => p.name)).toEqual(['offline']);
  });

  it('builds the chain in the configured order from the providers that have keys', () => {
    const both = { ANTHROPIC_API_KEY: 'a', GROQ_API_KEY: 'g', GROQ_BASE_URL: 'http://127.0.0.1:9/' };
    expect(providersFromEnv(both).map((p) => p.name)).toEqual(['anthropic', 'groq']);
    expect(providersFromEnv({ ...both, MIDGARD_AI_PROVIDERS: 'groq, anthropic' }).map((p) => p.name)).toEqual(['groq', 'anthropic']);
    expect(providersFromEnv({ GROQ_API_KEY: 'g' }).map((p) => p.name)).toEqual(['groq']);
  });

  it('rejects bad values with a clear message', () => {
    expect(() => providersFromEnv({ MIDGARD_AI_PROVIDERS: 'openai' })).toThrow(/unknown provider "openai"/);
    expect(() => providersFromEnv({ GROQ_BASE_URL: 'not a url' })).toThrow(/GROQ_BASE_URL/);
    expect(() => aiRouterFromEnv({ MIDGARD_AI_DAILY_BUDGET_USD: '-3' })).toThrow(/MIDGARD_AI_DAILY_BUDGET_USD/);
  });

  it('applies the budget and call limit', () => {
    const router = aiRouterFromEnv({ MIDGARD_AI_DAILY_BUDGET_USD: '2.5', MIDGARD_AI_CALLS_PER_HOUR: '10' });
    expect(router.cost.dailyBudgetUsd).toBe(2.5);
    expect(router.cost.callsPerHour).toBe(10);
    expect(aiRouterFromEnv({}).cost.callsPerHour).toBe(1000);
  });
});
