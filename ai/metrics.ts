import { Counter } from 'prom-client';
import { registry } from '../runtime/metrics.ts';

/**
 * The AI layer's own counters, beside the mission's `llm_api_calls_total`, `llm_cost_daily_usd` and
 * `decision_cache_hit_rate` (runtime/metrics.ts), which it updates too.
 */

export const aiDecisionsTotal = new Counter({
  name: 'ai_decisions_total',
  help: 'AI decisions by the tier that answered (rules, cache, batched, full) and whether it was a fallback',
  labelNames: ['tier', 'fallback'] as const,
  registers: [registry],
});

export const aiModerationRejected = new Counter({
  name: 'ai_moderation_rejected_total',
  help: 'Generated texts rejected by moderation, by source and reason',
  labelNames: ['source', 'reason'] as const,
  registers: [registry],
});
