import type { Sql } from 'postgres';
import type { SpendLedger } from '../../ai/SpendLedger.ts';

/**
 * The day's AI spend in Postgres, the system of record: it survives restarts on every configuration, the
 * embedded default included (whose cache lives in the process). A total only grows within a day, so a save
 * keeps the larger of the stored and the new total: a slower process never winds the spend back.
 *
 * @example
 * const cost = new CostTracker({ dailyBudgetUsd: 5, ledger: new PgSpendLedger(db.sql) });
 * await cost.restore();
 */
export class PgSpendLedger implements SpendLedger {
  constructor(private readonly sql: Sql) {}

  async load(day: number): Promise<Record<string, number>> {
    const rows = await this.sql<{ provider: string; usd: number }[]>`select provider, usd from ai_spend where day = ${day}`;
    return Object.fromEntries(rows.map((r) => [r.provider, Number(r.usd)]));
  }

  async save(day: number, spend: Record<string, number>): Promise<void> {
    const rows = Object.entries(spend).filter(([, usd]) => Number.isFinite(usd) && usd >= 0).map(([provider, usd]) => ({ day, provider, usd }));
    if (!rows.length) return;
    await this.sql`
      insert into ai_spend ${this.sql(rows, 'day', 'provider', 'usd')}
      on conflict (day, provider) do update set usd = greatest(ai_spend.usd, excluded.usd)`;
  }
}
