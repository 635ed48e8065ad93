import { Hono } from 'hono';
import { registry } from '../../runtime/metrics.ts';
import { log } from '../../runtime/log.ts';
import type { GatewayDeps, GatewayEnv } from '../types.ts';

const READY_TIMEOUT_MS = 2_000;

async function databaseReady(deps: GatewayDeps): Promise<boolean> {
  if (!deps.ready) return true;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      deps.ready(),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
      }),
    ]);
  } catch (err) {
    log.warn({ err }, 'readiness check failed');
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function runtimeRunning(deps: GatewayDeps): boolean {
  try {
    if (deps.running) return deps.running();
    deps.runtime.clock();
    return true;
  } catch {
    return false;
  }
}

/**
 * `/health` (the process answers), `/ready` (database reachable and runtime running: take traffic),
 * `/metrics` (Prometheus text of the shared registry).
 *
 * @example
 * app.route('/', healthRoutes(deps));
 */
export function healthRoutes(deps: GatewayDeps): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.get('/ready', async (c) => {
    const [database, runtime] = [await databaseReady(deps), runtimeRunning(deps)];
    const ready = database && runtime;
    return c.json({ status: ready ? 'ready' : 'not_ready', database, runtime }, ready ? 200 : 503);
  });
  app.get('/metrics', async (c) => {
    const body = await registry.metrics();
    return c.body(body, 200, { 'Content-Type': registry.contentType });
  });
  return app;
}
