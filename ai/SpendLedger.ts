import type { Cache } from '../persistence/types.ts';

/**
 * Where the day's AI spend is kept so a restart does not reset the daily budget. Any `Cache` will do (the
 * persistence layer's interface: Redis when `REDIS_URL` is set, shared by every process of the world and
 * surviving their restarts). One key per UTC day holding `{ provider: usd }`, kept two days.
 *
 * @example
 * const cost = new CostTracker({ dailyBudgetUsd: 5, ledger: new CacheSpendLedger(cache) });
 * await cost.restore(); // today's spend so far
 */
export interface SpendLedger {
  /** spend per provider on a UTC day (epoch day number) */
  load(day: number): Promise<Record<string, number>>;
  /** the day's totals after a call: written whole (a later write supersedes an earlier one) */
  save(day: number, spend: Record<string, number>): Promise<void>;
}

const TWO_DAYS_MS = 2 * 86_400_000;

export class CacheSpendLedger implements SpendLedger {
  constructor(private readonly cache: Cache, private readonly prefix = 'midgard:ai:spend:') {}

  async load(day: number): Promise<Record<string, number>> {
    const raw = await this.cache.get(this.prefix + day);
    if (!raw) return {};
    try {
      const value = JSON.parse(raw) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(value).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]) && e[1] >= 0));
    } catch {
      return {}; // a corrupt value is overwritten by the next save
    }
  }

  async save(day: number, spend: Record<string, number>): Promise<void> {
    await this.cache.set(this.prefix + day, JSON.stringify(spend), TWO_DAYS_MS);
  }
}
