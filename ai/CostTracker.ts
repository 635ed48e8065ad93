import type { RateLimitStore } from '../persistence/types.ts';
import { log } from '../runtime/log.ts';
import { llmCostDaily } from '../runtime/metrics.ts';
import type { SpendLedger } from './SpendLedger.ts';

/**
 * Money and call-rate control for billable providers: tokens and US dollars per provider and model, the spend
 * of the current UTC day (the `llm_cost_daily_usd` gauge), a daily budget whose state the router uses to
 * degrade to cheaper tiers, and a sliding one-hour window of calls (default limit 1000/h).
 * With a `ledger` the day's spend is stored and {@link restore}d after a restart; with `shared` (a
 * `RateLimitStore`, Redis when configured) the hourly limit is counted across every process of the world.
 *
 * @example
 * const cost = new CostTracker({ dailyBudgetUsd: 5 });
 * cost.record('groq', 'llama-3.1-8b-instant', 1200, 300); // → USD of this call
 * cost.budgetState(); // 'ok' | 'tight' (≥ 80 % spent) | 'exhausted'
 */

export interface Price {
  /** US dollars per million input tokens */
  input: number;
  /** US dollars per million output tokens */
  output: number;
}

/** Matched by longest model-name prefix, so dated model ids (`claude-3-5-haiku-20241022`) find their price. */
export const DEFAULT_PRICES: Record<string, Price> = {
  'claude-3-5-haiku': { input: 0.8, output: 4 },
  'claude-haiku-4-5': { input: 1, output: 5 },
  'claude-sonnet': { input: 3, output: 15 },
  'claude-3-5-sonnet': { input: 3, output: 15 },
  'claude-3-7-sonnet': { input: 3, output: 15 },
  'llama-3.1-8b-instant': { input: 0.05, output: 0.08 },
  'llama-3.3-70b': { input: 0.59, output: 0.79 },
};

export type BudgetState = 'ok' | 'tight' | 'exhausted';

export interface CostTrackerOptions {
  prices?: Record<string, Price>;
  /** daily spend limit in USD (default 10) */
  dailyBudgetUsd?: number;
  /** share of the budget after which it is "tight" (default 0.8) */
  tightShare?: number;
  callsPerHour?: number;
  now?: () => number;
  /** keeps the day's spend across restarts */
  ledger?: SpendLedger;
  /** counts the hourly calls across processes */
  shared?: RateLimitStore;
}

export interface UsageLine {
  provider: string;
  model: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  usd: number;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export class CostTracker {
  readonly dailyBudgetUsd: number;
  readonly callsPerHour: number;
  private readonly prices: Record<string, Price>;
  private readonly priceKeys: string[];
  private readonly tightShare: number;
  private readonly now: () => number;
  private readonly ledger?: SpendLedger;
  private readonly shared?: RateLimitStore;
  private day = -1;
  private spentToday = 0;
  private readonly spentTodayByProvider = new Map<string, number>();
  private readonly usage = new Map<string, UsageLine>();
  /** call times within the last hour, oldest first */
  private readonly recentCalls: number[] = [];
  /** what the shared limit said last: no more calls until `resetAt` when `allowed` was false */
  private sharedVerdict: { allowed: boolean; resetAt: number } | null = null;
  private saving: Promise<void> = Promise.resolve();

  constructor(options: CostTrackerOptions = {}) {
    this.prices = options.prices ?? DEFAULT_PRICES;
    this.priceKeys = Object.keys(this.prices).sort((a, b) => b.length - a.length);
    this.dailyBudgetUsd = options.dailyBudgetUsd ?? 10;
    this.tightShare = options.tightShare ?? 0.8;
    this.callsPerHour = options.callsPerHour ?? 1000;
    this.now = options.now ?? Date.now;
    this.ledger = options.ledger;
    this.shared = options.shared;
    if (!(this.dailyBudgetUsd >= 0) || !(this.callsPerHour >= 0)) throw new Error('budget and call limit must be ≥ 0');
  }

  /** Unknown models are priced as the most expensive known one: an unpriced model must not look free. */
  priceOf(model: string): Price {
    const key = this.priceKeys.find((prefix) => model.startsWith(prefix));
    if (key) return this.prices[key]!;
    return Object.values(this.prices).reduce((a, b) => (a.input + a.output >= b.input + b.output ? a : b), { input: 0, output: 0 });
  }

  /** Record one billed call; returns its cost in USD. */
  record(provider: string, model: string, inputTokens: number, outputTokens: number): number {
    const now = this.now();
    this.rollDay(now);
    const price = this.priceOf(model);
    const usd = (inputTokens * price.input + outputTokens * price.output) / 1_000_000;
    this.spentToday += usd;
    const providerSpend = (this.spentTodayByProvider.get(provider) ?? 0) + usd;
    this.spentTodayByProvider.set(provider, providerSpend);
    llmCostDaily.set({ provider }, providerSpend);
    this.persist();
    const key = `${provider}\u0000${model}`;
    const line = this.usage.get(key) ?? { provider, model, calls: 0, inputTokens: 0, outputTokens: 0, usd: 0 };
    line.calls++;
    line.inputTokens += inputTokens;
    line.outputTokens += outputTokens;
    line.usd += usd;
    this.usage.set(key, line);
    return usd;
  }

  /** Count a billable API call (failed attempts count too: they use the rate limit). */
  noteCall(): void {
    const now = this.now();
    this.recentCalls.push(now);
    if (!this.shared) return;
    // the shared count answers asynchronously: the next call decision uses what it said (at most one call late)
    this.shared.hit('midgard:ai:calls', this.callsPerHour, HOUR_MS, now).then(
      (verdict) => void (this.sharedVerdict = verdict),
      (error: unknown) => log.warn({ err: error }, 'ai: shared call limit unreachable; counting in this process only'),
    );
  }

  /** Is another billable call within the hourly limit (this process's and the shared one) and the budget? */
  allowsCall(): boolean {
    const shared = this.sharedVerdict;
    const sharedOk = !shared || shared.allowed || this.now() >= shared.resetAt;
    return sharedOk && this.callsInLastHour() < this.callsPerHour && this.budgetState() !== 'exhausted';
  }

  /** Load today's spend from the ledger (after a restart). A ledger that cannot be read leaves it at zero, logged. */
  async restore(): Promise<void> {
    if (!this.ledger) return;
    const now = this.now();
    this.rollDay(now);
    try {
      const stored = await this.ledger.load(this.day);
      for (const [provider, usd] of Object.entries(stored)) {
        // spend recorded in this process before the load is added, not lost
        const total = usd + (this.spentTodayByProvider.get(provider) ?? 0);
        this.spentTodayByProvider.set(provider, total);
        llmCostDaily.set({ provider }, total);
      }
      this.spentToday = [...this.spentTodayByProvider.values()].reduce((a, b) => a + b, 0);
    } catch (error) {
      log.error({ err: error }, 'ai: could not read the stored AI spend; the budget starts from zero');
    }
  }

  /** Resolves once the latest spend is stored (tests, shutdown). */
  flushed(): Promise<void> {
    return this.saving;
  }

  private persist(): void {
    if (!this.ledger) return;
    const ledger = this.ledger;
    const day = this.day;
    const spend = Object.fromEntries(this.spentTodayByProvider);
    // writes are chained so an older total never lands after a newer one
    this.saving = this.saving.then(() =>
      ledger.save(day, spend).catch((error: unknown) => log.warn({ err: error }, 'ai: could not store the AI spend')),
    );
  }

  callsInLastHour(): number {
    const cutoff = this.now() - HOUR_MS;
    while (this.recentCalls.length && this.recentCalls[0]! <= cutoff) this.recentCalls.shift();
    return this.recentCalls.length;
  }

  budgetState(): BudgetState {
    this.rollDay(this.now());
    if (this.spentToday >= this.dailyBudgetUsd) return 'exhausted';
    return this.spentToday >= this.dailyBudgetUsd * this.tightShare ? 'tight' : 'ok';
  }

  spentTodayUsd(): number {
    this.rollDay(this.now());
    return this.spentToday;
  }

  report(): UsageLine[] {
    return [...this.usage.values()].map((line) => ({ ...line }));
  }

  private rollDay(now: number): void {
    const day = Math.floor(now / DAY_MS);
    if (day === this.day) return;
    this.day = day;
    this.spentToday = 0;
    for (const provider of this.spentTodayByProvider.keys()) llmCostDaily.set({ provider }, 0);
    this.spentTodayByProvider.clear();
  }
}
