import { Hono, type Context } from 'hono';
import { registry } from '../../runtime/metrics.ts';
import { log } from '../../runtime/log.ts';
import { ApiError } from '../errors.ts';
import { adminAuth } from '../middleware/admin-auth/index.ts';
import { keyMatches } from '../middleware/bridge-auth/index.ts';
import type { ProcessRole } from '../../app/roles.ts';
import { roleAtLeast, type GatewayDeps, type GatewayEnv } from '../types.ts';

/**
 * What the health routes need: a gateway's deps, or a world's without a gateway (`--role world`, whose health port
 * serves these routes alone, gateway/health/port.ts). `role` is the process's: `gateway` has no runtime of its own.
 */
export type HealthDeps = Pick<GatewayDeps, 'ready' | 'running' | 'runtime' | 'config'> & { role?: ProcessRole };

const READY_TIMEOUT_MS = 2_000;
/** What a load balancer is told to wait before asking /ready again. */
const NOT_READY_RETRY_AFTER_S = 5;

/** null when the database answered, else why not (the error's code or message, or a timeout). */
async function databaseProblem(deps: HealthDeps): Promise<string | null> {
  if (!deps.ready) return null;
  let timer: NodeJS.Timeout | undefined;
  try {
    const ok = await Promise.race([
      deps.ready(),
      new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), READY_TIMEOUT_MS);
      }),
    ]);
    if (ok === 'timeout') return `database did not answer within ${READY_TIMEOUT_MS / 1000} s`;
    return ok ? null : 'database unreachable';
  } catch (err) {
    log.warn({ err }, 'readiness check failed');
    const e = err as { code?: unknown; message?: unknown };
    return `database: ${typeof e.code === 'string' ? `${e.code} ` : ''}${String(e.message ?? err)}`.trim();
  } finally {
    clearTimeout(timer);
  }
}

function runtimeRunning(deps: HealthDeps): boolean {
  try {
    if (deps.running) return deps.running();
    deps.runtime.clock();
    return true;
  } catch {
    return false;
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1']);

/**
 * Who may read `/metrics` (it tells an attacker the load, the spend and the routes): a caller with the metrics
 * key (`Authorization: Bearer <key>` or `X-API-Key`, for a Prometheus scraper), an admin of role gm or higher
 * (the dashboard), or — when no key is configured — a process on the same machine (easy for development).
 */
async function mayReadMetrics(deps: HealthDeps, c: Context<GatewayEnv>): Promise<void> {
  const key = deps.config.metricsKey ?? null;
  const given = c.req.header('x-api-key') ?? /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (key !== null && given !== undefined && keyMatches(given, [key])) return;
  const address = c.var.clientAddress;
  if (key === null && (address === null || LOOPBACK.has(address)) && c.req.header('authorization') === undefined) return;
  await adminAuth(deps.config)(c, async () => {});
  if (!roleAtLeast(c.var.principal?.role ?? null, 'gm')) throw new ApiError(403, 'forbidden', "role 'gm' or higher (or the metrics key) required");
}

/** The world's virtual tick, or null where no world runs (a gateway node) or it does not answer yet. */
function worldTick(deps: HealthDeps): number | null {
  if (deps.role === 'gateway') return null;
  try {
    return deps.runtime.clock().tick;
  } catch {
    return null;
  }
}

/**
 * `/health` (the process answers, its role, and the world's tick where one runs), `/ready` (database reachable and
 * runtime running — a gateway node has none —: take traffic; when not, 503 with `Retry-After` and the reason),
 * `/metrics` (Prometheus text of the shared registry, see mayReadMetrics).
 *
 * @example
 * app.route('/', healthRoutes(deps));
 */
export function healthRoutes(deps: HealthDeps): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  const role = deps.role ?? 'all';
  app.get('/health', (c) => c.json({ status: 'ok', role, tick: worldTick(deps) }));
  app.get('/ready', async (c) => {
    const problem = await databaseProblem(deps);
    // a gateway node has no runtime to wait for: the world runs in another process (null = not here)
    const runtime = role === 'gateway' ? null : runtimeRunning(deps);
    const tick = worldTick(deps);
    const reason = problem ?? (runtime === false ? 'runtime not running' : null);
    if (reason === null) return c.json({ status: 'ready', role, database: true, runtime, tick }, 200);
    return c.json({ status: 'not_ready', role, database: problem === null, runtime, tick, reason }, 503, { 'Retry-After': String(NOT_READY_RETRY_AFTER_S) });
  });
  app.get('/metrics', async (c) => {
    await mayReadMetrics(deps, c);
    const body = await registry.metrics();
    return c.body(body, 200, { 'Content-Type': registry.contentType });
  });
  return app;
}
