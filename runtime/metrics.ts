import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus registry and the metric names the mission fixes. Other modules add their own
 * metrics to `registry`; `/metrics` (gateway) serialises it.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

export const httpRequestsTotal = new Counter({
  name: 'http_requests_total',
  help: 'HTTP requests by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

export const agentExecutionTime = new Histogram({
  name: 'agent_execution_time_seconds',
  help: 'Time spent delivering one tick batch to actors, by actor kind',
  labelNames: ['kind'] as const,
  buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1],
  registers: [registry],
});

export const llmApiCalls = new Counter({
  name: 'llm_api_calls_total',
  help: 'LLM API calls by provider, model, tier and outcome',
  labelNames: ['provider', 'model', 'tier', 'outcome'] as const,
  registers: [registry],
});

export const llmCostDaily = new Gauge({
  name: 'llm_cost_daily_usd',
  help: 'LLM spend so far today (UTC) in US dollars',
  labelNames: ['provider'] as const,
  registers: [registry],
});

export const decisionCacheHitRate = new Gauge({
  name: 'decision_cache_hit_rate',
  help: 'Share of decisions answered from the decision cache (0..1)',
  registers: [registry],
});

export const databaseQueryDuration = new Histogram({
  name: 'database_query_duration_seconds',
  help: 'Database statement duration by operation',
  labelNames: ['operation'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
  registers: [registry],
});
