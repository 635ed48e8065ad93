import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgDecisionRecorder } from '../../persistence/pg/PgDecisionRecorder.ts';
import { PgSpendLedger } from '../../persistence/pg/PgSpendLedger.ts';
import { CostTracker } from '../../ai/CostTracker.ts';
import type { AiDecision } from '../../ai/types.ts';
import { openTarget, targetNames, type FreshSchema, type TestTarget } from './pgTargets.ts';

const decision = (text: string): AiDecision => ({ type: 'ai.decision', requestId: 'r1', tier: 'full', provider: 'anthropic', text, fallback: false }) as AiDecision;

for (const name of targetNames('one')) {
  describe(`PgDecisionRecorder on ${name}`, () => {
    let target: TestTarget;
    let db: FreshSchema;
    beforeAll(async () => {
      target = await openTarget(name);
      db = await target.fresh();
    });
    afterAll(async () => {
      await db.drop();
      await target.close();
    });

    it('returns what was recorded under an effect id, and the first answer wins', async () => {
      const recorder = new PgDecisionRecorder(db.sql);
      expect(await recorder.get('npc:1/abc')).toBeUndefined();
      await recorder.record('npc:1/abc', decision('Well met, traveller.'));
      await recorder.record('npc:1/abc', decision('Something else entirely.'));
      expect(await recorder.get('npc:1/abc')).toMatchObject({ text: 'Well met, traveller.', tier: 'full' });
      // a fresh recorder on the same database (a restarted process) finds it too
      expect(await new PgDecisionRecorder(db.sql).get('npc:1/abc')).toMatchObject({ text: 'Well met, traveller.' });
    });

    it('keeps the day\'s AI spend across a restart, and a stale total never winds it back', async () => {
      const now = Date.UTC(2026, 11, 1, 12);
      const before = new CostTracker({ dailyBudgetUsd: 0.3, ledger: new PgSpendLedger(db.sql), now: () => now });
      before.record('anthropic', 'claude-haiku-4-5', 100_000, 20_000); // $0.2
      await before.flushed();
      const after = new CostTracker({ dailyBudgetUsd: 0.3, ledger: new PgSpendLedger(db.sql), now: () => now });
      await after.restore();
      expect(after.spentTodayUsd()).toBeCloseTo(0.2, 6);
      after.record('anthropic', 'claude-haiku-4-5', 100_000, 20_000);
      await after.flushed();
      expect(after.budgetState()).toBe('exhausted');
      await new PgSpendLedger(db.sql).save(Math.floor(now / 86_400_000), { anthropic: 0.01 });
      expect(await new PgSpendLedger(db.sql).load(Math.floor(now / 86_400_000))).toEqual({ anthropic: expect.closeTo(0.4, 6) });
    });
  });
}
