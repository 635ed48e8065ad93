import { describe, expect, it } from 'vitest';
import { MemoryCache } from '../persistence/memory/MemoryCache.ts';
import { MemoryRateLimitStore } from '../persistence/memory/MemoryRateLimitStore.ts';
import { CostTracker } from './CostTracker.ts';
import { CacheSpendLedger } from './SpendLedger.ts';

describe('CostTracker across restarts and processes', () => {
  it('restores the stored spend of today (not of yesterday), adding what was spent before the load', async () => {
    const cache = new MemoryCache();
    let now = Date.UTC(2026, 10, 30, 12);
    const before = new CostTracker({ dailyBudgetUsd: 1, ledger: new CacheSpendLedger(cache), now: () => now });
    before.record('anthropic', 'claude-haiku-4-5', 100_000, 20_000); // $0.2
    await before.flushed();
    const after = new CostTracker({ dailyBudgetUsd: 1, ledger: new CacheSpendLedger(cache), now: () => now });
    after.record('groq', 'llama-3.1-8b-instant', 1_000_000, 0); // $0.05 before the restore lands
    await after.restore();
    expect(after.spentTodayUsd()).toBeCloseTo(0.25, 6);
    now += 86_400_000;
    const nextDay = new CostTracker({ dailyBudgetUsd: 1, ledger: new CacheSpendLedger(cache), now: () => now });
    await nextDay.restore();
    expect(nextDay.spentTodayUsd()).toBe(0);
  });

  it('a corrupt or unreadable ledger leaves the budget at zero instead of failing', async () => {
    const cache = new MemoryCache();
    const now = Date.UTC(2026, 10, 30);
    await cache.set(`midgard:ai:spend:${Math.floor(now / 86_400_000)}`, '{not json', 60_000);
    const cost = new CostTracker({ ledger: new CacheSpendLedger(cache), now: () => now });
    await cost.restore();
    expect(cost.spentTodayUsd()).toBe(0);
    const broken = new CostTracker({ ledger: { load: async () => { throw new Error('down'); }, save: async () => {} }, now: () => now });
    await broken.restore();
    expect(broken.budgetState()).toBe('ok');
  });

  it('shares the hourly call limit between processes through the rate-limit store', async () => {
    const shared = new MemoryRateLimitStore();
    const now = Date.UTC(2026, 10, 30, 12);
    const a = new CostTracker({ callsPerHour: 3, shared, now: () => now });
    const b = new CostTracker({ callsPerHour: 3, shared, now: () => now });
    a.noteCall();
    a.noteCall();
    b.noteCall();
    b.noteCall();
    await new Promise((resolve) => setImmediate(resolve));
    // each process made only 2 calls, but together they passed 3
    expect(b.allowsCall()).toBe(false);
    expect(new CostTracker({ callsPerHour: 3, now: () => now }).allowsCall()).toBe(true);
  });
});
