import type { Sql } from 'postgres';
import { AiRouter } from '../ai/AiRouter.ts';
import { CostTracker } from '../ai/CostTracker.ts';
import { providersFromEnv } from '../ai/config.ts';
import { MemoryDecisionRecorder } from '../ai/DecisionRecorder.ts';
import type { AiDecision } from '../ai/types.ts';

/**
 * The AI a fork may use. A fork never spends money it was not given: it answers from the decisions the live
 * world recorded (same effect id ⇒ same answer), and otherwise from the offline provider — the provider keys
 * are removed from its environment. Only a budget the user sets (`budgetUsd` > 0) lets it call the real
 * providers the environment names, and the router's cost tracker stops at that budget.
 *
 * @example
 * const { router, cost } = await forkAi({ decisions: await recordedDecisions(place.sql), seed: 42 });
 */
export interface ForkAiOptions {
  decisions?: Map<string, AiDecision>;
  /** USD a fork may spend on real models (default 0: offline only) */
  budgetUsd?: number;
  env?: Record<string, string | undefined>;
  seed?: number;
}

const PROVIDER_KEYS = ['ANTHROPIC_API_KEY', 'GROQ_API_KEY'];

/** The environment a fork's AI sees: without provider keys unless a budget was set. */
export function forkAiEnv(env: Record<string, string | undefined>, budgetUsd: number): Record<string, string | undefined> {
  const out = Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('MIDGARD_AI_') || k.endsWith('_BASE_URL') || PROVIDER_KEYS.includes(k)));
  if (budgetUsd > 0) return { ...out, MIDGARD_AI_DAILY_BUDGET_USD: String(budgetUsd) };
  for (const key of PROVIDER_KEYS) delete out[key];
  delete out.MIDGARD_AI_PROVIDERS;
  return out;
}

export async function forkAi(options: ForkAiOptions = {}): Promise<{ router: AiRouter; cost: CostTracker; costUsd(): number }> {
  const budget = options.budgetUsd ?? 0;
  const recorder = new MemoryDecisionRecorder();
  for (const [key, decision] of options.decisions ?? []) void recorder.record(key, decision);
  const cost = new CostTracker({ dailyBudgetUsd: budget });
  const router = new AiRouter({
    providers: await providersFromEnv(forkAiEnv(options.env ?? process.env, budget), options.seed),
    cost, recorder, batchWindowMs: 0, deadlines: false, worldSeed: options.seed,
  });
  return { router, cost, costUsd: () => cost.report().reduce((s, l) => s + l.usd, 0) };
}

/** The decisions the live world recorded, as copied into the fork. */
export async function recordedDecisions(sql: Sql): Promise<Map<string, AiDecision>> {
  const rows = await sql<{ effect_id: string; decision: AiDecision }[]>`select effect_id, decision from ai_decisions`;
  return new Map(rows.map((r) => [r.effect_id, r.decision]));
}
