// Types for metrics.js, so node tests can import it.
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
export function parsePrometheus(text: string): Sample[];
export function summarise(samples: Sample[]): {
  callsByTier: Record<string, number>;
  costByProvider: Record<string, number>;
  cacheHitRate: number | null;
};
export function fetchMetrics(): Promise<ReturnType<typeof summarise>>;
