import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { ActionSignal } from './actions/ActionSignal.ts';
import { actionsRoutes } from './actions/index.ts';
import { actorRoutes } from './admin/actors/index.ts';
import { configRoutes } from './admin/config/index.ts';
import { feedRoutes } from './admin/feed/index.ts';
import { forkRoutes } from './admin/forks/index.ts';
import { playerRoutes } from './admin/players/index.ts';
import { SIGNIN_PATH, signInRoutes } from './admin/signin.ts';
import { worldRoutes } from './admin/world/index.ts';
import { panelRoutes } from './admin/panels/index.ts';
import { bridgeSocketRoutes } from './bridge-ws/index.ts';
import { capabilityRoutes } from './capabilities/index.ts';
import { ActionGate } from '../actors/effects/ActionGate.ts';
import { mountDocs } from './docs/index.ts';
import { handleError, validationHook } from './errors.ts';
import { auditOutcomes } from './admin/audit.ts';
import { notFoundOrWrongMethod } from './methodNotAllowed.ts';
import { reportRuntime } from './runtime-metrics.ts';
import { GroupCommit } from './events/GroupCommit.ts';
import { eventsRoutes } from './events/index.ts';
import { healthRoutes } from './health/index.ts';
import { Lifecycle } from './Lifecycle.ts';
import { adminAuth } from './middleware/admin-auth/index.ts';
import { authFailureLimit } from './middleware/auth-failures/index.ts';
import { outage } from './middleware/outage/index.ts';
import { DISPATCH_BYTES, SINGLE_REQUEST_BYTES, limitBody } from './middleware/body-limit/index.ts';
import { bridgeAuth } from './middleware/bridge-auth/index.ts';
import { clientAddress } from './middleware/client-address/index.ts';
import { httpMetrics } from './middleware/http-metrics/index.ts';
import { rateLimit } from './middleware/rate-limit/index.ts';
import { DEFAULT_UI_DIR, mountUi } from './static/index.ts';
import { machineLayoutRoutes } from './ui/machine-layout.ts';
import { statelyRelayRoutes } from './ui/stately-relay.ts';
import type { GatewayDeps, GatewayEnv } from './types.ts';

/** How many admin reads (GET) a minute each admin may make per allowed write (`limits.adminPerMinute`). */
export const ADMIN_READS_PER_WRITE = 10;

export type GatewayApp = OpenAPIHono<GatewayEnv> & {
  /** open streams, for graceful shutdown */
  readonly lifecycle: Lifecycle;
  readonly deps: GatewayDeps;
  /** resolves once action wake-ups are subscribed (a gateway node attaches its listener after it) */
  readonly listening: Promise<void>;
};

/**
 * Build Midgard's only door: the bridge API (rAthena contract, poll and stream), the admin API, health and
 * metrics, OpenAPI and docs, and the dashboard's static files. No server is started: tests call
 * `app.request(...)`, production hands the app to `startGateway`.
 *
 * Who is limited how (the mission's numbers, live-tunable by a superadmin):
 * - bridge API: authenticated by key or trusted address, then limited per *player* (10 events/s each), not per
 *   request — one game server legitimately sends thousands of events a second;
 * - admin API: 50 writes/min per admin identity (JWT sub or service key), and separately 10× that for reads;
 * - public surfaces (docs, OpenAPI, dashboard files): 100/min per client address.
 *
 * @example
 * const app = createGateway({ runtime, journal, outbox, audit, rateLimits, onEventsJournaled, config });
 * const res = await app.request('/health'); // 200 {"status":"ok"}
 */
export function createGateway(deps: GatewayDeps): GatewayApp {
  const { config } = deps;
  const now = deps.now ?? Date.now;
  const lifecycle = new Lifecycle();
  // started here (subscribing is async); streams opened before it is ready still sweep, so nothing is missed
  const signal = new ActionSignal(deps.outbox, deps.pubsub, { wake: deps.outboxWake, sweepMs: deps.actionSweepMs });
  const listening = signal.start();
  lifecycle.onClose(() => signal.stop());
  const app = new OpenAPIHono<GatewayEnv>({ defaultHook: validationHook });
  if (deps.role !== 'gateway') reportRuntime(deps.runtime); // runtime gauges on /metrics (a gateway node has none)

  app.onError(handleError);
  app.notFound(notFoundOrWrongMethod(() => app.routes));
  app.use('*', httpMetrics());
  app.use('*', secureHeaders());
  app.use('*', clientAddress());
  app.use('*', outage()); // database unreachable or no answer in time: 503 + Retry-After, never a hung request
  app.use('/api/*', authFailureLimit()); // key and token guessing: 429 after too many 401s from one address

  const publicLimit = rateLimit({
    store: deps.rateLimits, name: 'public', windowMs: 60_000, now,
    key: (c) => `ip:${c.var.clientAddress ?? 'unknown'}`,
    limit: () => config.settings.limits.publicPerMinute,
  });
  const adminWrites = rateLimit({
    store: deps.rateLimits, name: 'admin', windowMs: 60_000, now,
    key: (c) => c.var.principal.sub,
    limit: () => config.settings.limits.adminPerMinute,
  });
  // Reads have a budget of their own, ADMIN_READS_PER_WRITE times larger: browsing the dashboard (an actor page
  // is three reads) used up the 50/min meant for actions and locked its own admin out of every view.
  const adminReads = rateLimit({
    store: deps.rateLimits, name: 'admin-read', windowMs: 60_000, now,
    key: (c) => c.var.principal.sub,
    limit: () => config.settings.limits.adminPerMinute * ADMIN_READS_PER_WRITE,
  });
  const adminLimit: MiddlewareHandler<GatewayEnv> = async function adminLimits(c, next) {
    return (c.req.method === 'GET' || c.req.method === 'HEAD' ? adminReads : adminWrites)(c, next);
  };

  app.use('/api/v1/events/*', bridgeAuth(config), limitBody(DISPATCH_BYTES));
  app.use('/api/v1/actions/*', bridgeAuth(config), limitBody(SINGLE_REQUEST_BYTES));
  app.use('/api/v1/bridge/*', bridgeAuth(config));
  app.use('/api/v1/admin/*', auditOutcomes(deps), adminAuth(config), adminLimit, limitBody(SINGLE_REQUEST_BYTES));
  app.use(SIGNIN_PATH, publicLimit, limitBody(SINGLE_REQUEST_BYTES));
  app.use('/openapi.json', publicLimit);
  app.use('/docs', publicLimit);

  app.route('/', healthRoutes(deps));
  // HTTP dispatch and the bridge socket share one group committer: concurrent batches become one append
  const commit = new GroupCommit(deps.journal);
  app.route('/', eventsRoutes(deps, commit));
  app.route('/', actionsRoutes(deps, lifecycle, signal));
  app.route('/', bridgeSocketRoutes(deps, lifecycle, commit, signal));
  app.route('/', actorRoutes(deps));
  app.route('/', worldRoutes(deps));
  app.route('/', panelRoutes(deps));
  app.route('/', configRoutes(deps));
  app.route('/', playerRoutes(deps));
  app.route('/', forkRoutes(deps));
  app.route('/', signInRoutes(config)); // JWTs are checked against the real clock, so minted on it too
  app.route('/', feedRoutes(deps, lifecycle));
  app.route('/', capabilityRoutes(deps, deps.actionGate ?? new ActionGate()));
  // the dashboard's own server-side routes (gateway/ui, its engineer's): laid-out diagrams and the Stately relay
  app.route('/', machineLayoutRoutes(deps));
  app.route('/', statelyRelayRoutes(deps, lifecycle));
  mountDocs(app);

  const uiDir = config.uiDir ?? DEFAULT_UI_DIR;
  app.use('/*', async function publicUiLimit(c, next) {
    // A page load counts once: the document, not the ~20 modules and styles it pulls in (counting those let a
    // handful of reloads a minute lock a person out). API paths that fell through are answered by notFound.
    const path = c.req.path;
    if (path.startsWith('/api/') || !(path === '/' || path.endsWith('.html'))) return next();
    return publicLimit(c, next);
  });
  mountUi(app, uiDir);

  return Object.assign(app, { lifecycle, deps, listening });
}
