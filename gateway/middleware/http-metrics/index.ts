import type { MiddlewareHandler } from 'hono';
import { httpRequestDuration, httpRequestsTotal } from '../../../runtime/metrics.ts';

/**
 * Observe `http_request_duration_seconds` and `http_requests_total` by method, matched route pattern (never
 * the raw path: ids in paths would explode label cardinality) and status. Streams count when their headers
 * are sent.
 *
 * @example
 * app.use('*', httpMetrics());
 */
export function httpMetrics(): MiddlewareHandler {
  return async function httpMetricsMiddleware(c, next) {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const route = c.req.routePath && c.req.routePath !== '/*' && c.req.routePath !== '*' ? c.req.routePath : 'unmatched';
      const labels = { method: c.req.method, route, status: String(c.res.status) };
      httpRequestDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      httpRequestsTotal.inc(labels);
    }
  };
}
