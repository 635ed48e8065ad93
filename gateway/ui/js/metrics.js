// Reading the gateway's public /metrics (Prometheus text) for the numbers the runtime's stats do not carry:
// LLM calls by tier, LLM spend today, and the decision cache hit rate.
import { session } from './session.js';

/** Parse Prometheus text exposition into [{ name, labels, value }]. */
export function parsePrometheus(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels = {};
    for (const l of (m[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2].replace(/\\(.)/g, '$1');
    samples.push({ name: m[1], labels, value: Number(m[4]) });
  }
  return samples;
}

/** The LLM and cache figures for the world view. */
export function summarise(samples) {
  const callsByTier = {};
  const costByProvider = {};
  let cacheHitRate = null;
  for (const s of samples) {
    if (s.name === 'llm_api_calls_total') {
      const tier = s.labels.tier ?? 'unknown';
      callsByTier[tier] = (callsByTier[tier] ?? 0) + s.value;
    } else if (s.name === 'llm_cost_daily_usd') {
      const key = s.labels.tier ?? s.labels.provider ?? 'total';
      costByProvider[key] = (costByProvider[key] ?? 0) + s.value;
    } else if (s.name === 'decision_cache_hit_rate') {
      cacheHitRate = s.value;
    }
  }
  return { callsByTier, costByProvider, cacheHitRate };
}

export async function fetchMetrics() {
  // /metrics is for admins (or a scraper's key) unless read from the machine itself
  const res = await fetch('/metrics', { headers: session.token ? { authorization: `Bearer ${session.token}` } : {} });
  if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
  return summarise(parsePrometheus(await res.text()));
}
