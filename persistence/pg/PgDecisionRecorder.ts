import type { Sql } from 'postgres';
import type { DecisionRecorder } from '../../ai/DecisionRecorder.ts';
import type { AiDecision } from '../../ai/types.ts';

/**
 * The AI layer's recorder, durable: after a crash, journaled events are routed again and their effects keep
 * their ids, so the same question finds the answer the model gave the first time.
 *
 * @example
 * const router = aiRouterFromEnv(process.env, { recorder: new PgDecisionRecorder(db.sql) });
 */
export class PgDecisionRecorder implements DecisionRecorder {
  constructor(private readonly sql: Sql) {}

  async get(effectId: string): Promise<AiDecision | undefined> {
    const [row] = await this.sql<{ decision: AiDecision }[]>`select decision from ai_decisions where effect_id = ${effectId}`;
    return row?.decision;
  }

  async record(effectId: string, decision: AiDecision): Promise<void> {
    await this.sql`
      insert into ai_decisions (effect_id, decision) values (${effectId}, ${JSON.stringify(decision)}::text::jsonb)
      on conflict (effect_id) do nothing`;
  }
}
