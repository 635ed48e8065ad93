import { sign } from 'hono/jwt';
import { createGateway } from '../../gateway/app.ts';
import { defaultSettings, type GatewayConfig } from '../../gateway/config.ts';
import { startGateway, type GatewayHandle } from '../../gateway/server.ts';
import type { GatewayDeps, Role } from '../../gateway/types.ts';
import { LAYOUT_PATH, machineLayoutRoutes } from '../../gateway/ui/machine-layout.ts';
import { STATELY_PATH, statelyRelayRoutes } from '../../gateway/ui/stately-relay.ts';
import { MemoryAuditLog, MemoryJournal, MemoryOutbox, MemoryRateLimitStore } from '../../persistence/memory/index.ts';
import { Runtime } from '../../runtime/Runtime.ts';

export const SECRET = 'dashboard-e2e-secret-long-enough';

export interface DashboardWorld {
  runtime: Runtime;
  handle: GatewayHandle;
  audit: MemoryAuditLog;
  config: GatewayConfig;
  url: string;
  token(role: Role, sub?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real gateway on 127.0.0.1 (random port) over a real Runtime with the runtime's test catalogue (counter,
 * relay) or another catalogue, in-memory journal/outbox/audit/limits, the dashboard served from gateway/ui/, and the dashboard's two
 * server modules (machine layout, Stately relay) mounted.
 */
export async function startDashboardWorld(options: { catalogue?: URL } = {}): Promise<DashboardWorld> {
  const runtime = await Runtime.create({
    catalogue: options.catalogue ?? new URL('../runtime/fixtures/catalogue.ts', import.meta.url), workers: 0, seed: 11, passivateAfterMs: 0, tickMs: 1000,
  });
  const settings = defaultSettings();
  // the mission's 50 admin requests/min per user is for people; one test session clicks faster than that
  settings.limits.adminPerMinute = 100_000;
  settings.limits.publicPerMinute = 100_000;
  const config: GatewayConfig = {
    port: 0, hostname: '127.0.0.1', apiKeys: ['e2e-bridge-key'], adminApiKeys: [], trustedBridges: [], jwtSecret: SECRET, settings,
    uiDir: null, // null = the default gateway/ui/
  };
  const audit = new MemoryAuditLog();
  const deps: GatewayDeps = {
    runtime, journal: new MemoryJournal(), outbox: new MemoryOutbox(), audit, rateLimits: new MemoryRateLimitStore(), config,
    onEventsJournaled: () => {},
    logicOf: (kind) => runtime.kinds.get(kind)?.logic,
  };
  const app = createGateway(deps);
  // mounted here until gateway/app.ts mounts them itself (requested of the gateway's engineer)
  if (!app.routes.some((r) => r.path === LAYOUT_PATH)) app.route('/', machineLayoutRoutes(deps));
  if (!app.routes.some((r) => r.path === STATELY_PATH)) app.route('/', statelyRelayRoutes(deps, app.lifecycle));
  const handle = await startGateway(app, { port: 0, hostname: '127.0.0.1' });
  runtime.start();
  return {
    runtime, handle, audit, config, url: handle.url,
    token: (role, sub = `${role}-e2e`) => sign({ sub, role, exp: Math.floor(Date.now() / 1000) + 3600 }, SECRET, 'HS256'),
    async close() {
      await handle.close({ graceMs: 2000, flush: false });
      await runtime.stop();
    },
  };
}
