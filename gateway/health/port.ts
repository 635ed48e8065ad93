import { Hono } from 'hono';
import { listen, startingResponse } from '../server.ts';
import { handleError } from '../errors.ts';
import { clientAddress } from '../middleware/client-address/index.ts';
import type { GatewayEnv } from '../types.ts';
import { healthRoutes, type HealthDeps } from './index.ts';

/** The health port of a process with no gateway: the gateway's `/health`, `/ready` and `/metrics`, nothing else. */
export interface HealthPort {
  port: number;
  url: string;
  /** what start-up is waiting for: `/health` and `/ready` answer 503 with it until `attach` */
  setStatus(reason: string): void;
  /** from here on the routes answer for `deps` */
  attach(deps: HealthDeps): void;
  close(): Promise<void>;
}

/**
 * Binds a health port for `--role world`, before the world starts (a busy port fails at once, holding nothing),
 * so an orchestrator can probe it: 503 `starting` with the status while the world restores, then the gateway's
 * own health routes (gateway/health/index.ts) — the role, the world's tick, the database and the runtime.
 *
 * @example
 * const health = await bindHealthPort({ port: 8001, hostname: '0.0.0.0' });
 * const world = await openWorld({ ..., onStatus: health.setStatus });
 * health.attach({ role: 'world', runtime: world.runtime, config: world.config.gateway, ready });
 */
export async function bindHealthPort(options: { port: number; hostname: string }): Promise<HealthPort> {
  let status = 'starting';
  let routes: Hono<GatewayEnv> | null = null;
  const fetch = (request: Request, env: unknown) => (routes ? routes.fetch(request, env as never) : startingResponse(status));
  const { server, port, url } = await listen(options, fetch, 'health port');
  return {
    port,
    url,
    setStatus(reason) {
      status = reason;
    },
    attach(deps) {
      const attached = new Hono<GatewayEnv>();
      attached.onError(handleError);
      attached.use('*', clientAddress());
      attached.route('/', healthRoutes(deps));
      routes = attached;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
