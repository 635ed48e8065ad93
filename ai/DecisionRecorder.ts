import type { AiDecision } from './types.ts';

/**
 * Determinism for the one non-deterministic thing in the world: what a model says. Every decision is recorded
 * under the effect id that asked for it (the runtime derives it from the causal trace, stable across replays); a replay (or a
 * re-run of the same effect after a crash) gets the recorded reply back instead of asking again, so the world
 * evolves byte-identically. A Postgres implementation can live in persistence/ behind this interface.
 *
 * @example
 * const recorder = new MemoryDecisionRecorder();
 * const router = new AiRouter({ recorder, mode: 'replay' });
 */

export interface DecisionRecorder {
  get(effectId: string): Promise<AiDecision | undefined>;
  /** Idempotent: the first decision recorded for an effect id wins. */
  record(effectId: string, decision: AiDecision): Promise<void>;
}

export class MemoryDecisionRecorder implements DecisionRecorder {
  private readonly decisions = new Map<string, AiDecision>();

  async get(effectId: string): Promise<AiDecision | undefined> {
    const decision = this.decisions.get(effectId);
    return decision ? structuredClone(decision) : undefined;
  }

  async record(effectId: string, decision: AiDecision): Promise<void> {
    if (!this.decisions.has(effectId)) this.decisions.set(effectId, structuredClone(decision));
  }

  get size(): number {
    return this.decisions.size;
  }

  /** Everything recorded, for saving a run to replay later. */
  entries(): [string, AiDecision][] {
    return [...this.decisions.entries()].map(([id, d]) => [id, structuredClone(d)]);
  }
}
