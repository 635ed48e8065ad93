import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgDecisionRecorder } from '../../persistence/pg/PgDecisionRecorder.ts';
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
  });
}
