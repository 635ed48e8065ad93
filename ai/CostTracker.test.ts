import { describe, expect, it } from 'vitest';
import { registry } from '../runtime/metrics.ts';
import { CostTracker } from './CostTracker.ts';

describe('CostTracker', () => {
  it('prices calls per model at the mission defaults (per million tokens)', () => {
    const cost = new CostTracker({ now: () => 0 });
    expect(cost.record('anthropic', 'claude-3-5-haiku-20241022', 1_000_000, 1_000_000)).toBeCloseTo(4.8);
    expect(cost.record('anthropic', 'claude-sonnet-4-5', 1_000_000, 0)).toBeCloseTo(3);
    expect(cost.record('groq', 'llama-3.1-8b-instant', 2_000_000, 1_000_000)).toBeCloseTo(0.18);
    expect(cost.record('groq', 'llama-3.3-70b-versatile', 0, 1_000_000)).toBeCloseTo(0.79);
    // an unknown model is priced like the most expensive known one, never as free
    expect(cost.record('groq', 'mystery-model', 0, 1_000_000)).toBeCloseTo(15);
    expect(cost.spentTodayUsd()).toBeCloseTo(4.8 + 3 + 0.18 + 0.79 + 15);
    const groq = cost.report().find((line) => line.model === 'llama-3.1-8b-instant')!;
    expect(groq).toMatchObject({ provider: 'groq', calls: 1, inputTokens: 2_000_000, outputTokens: 1_000_000 });
  });

  it('goes tight at 80 % of the daily budget, exhausted at 100 %, and resets at UTC midnight', async () => {
    let now = Date.UTC(2026, 0, 1, 23, 0);
    const cost = new CostTracker({ dailyBudgetUsd: 1, now: () => now });
    cost.record('anthropic', 'claude-sonnet-4-5', 0, 50_000); // $0.75
    expect(cost.budgetState()).toBe('ok');
    cost.record('anthropic', 'claude-sonnet-4-5', 0, 5_000); // $0.825
    expect(cost.budgetState()).toBe('tight');
    cost.record('anthropic', 'claude-sonnet-4-5', 0, 20_000);
    expect(cost.budgetState()).toBe('exhausted');
    expect(cost.allowsCall()).toBe(false);
    const gauge = await registry.getSingleMetricAsString('llm_cost_daily_usd');
    expect(gauge).toMatch(/provider="anthropic"} 1\.12/);
    now = Date.UTC(2026, 0, 2, 0, 0);
    expect(cost.budgetState()).toBe('ok');
    expect(cost.allowsCall()).toBe(true);
  });

  it('limits billable calls to N per sliding hour', () => {
    let now = 0;
    const cost = new CostTracker({ callsPerHour: 3, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(cost.allowsCall()).toBe(true);
      cost.noteCall();
      now += 1000;
    }
    expect(cost.allowsCall()).toBe(false);
    now = 3_600_001; // the first call leaves the window
    expect(cost.callsInLastHour()).toBe(2);
    expect(cost.allowsCall()).toBe(true);
  });

  it('rejects a negative budget', () => {
    expect(() => new CostTracker({ dailyBudgetUsd: -1 })).toThrow(/≥ 0/);
  });
});
