import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { log } from '../../runtime/log.ts';
import { listenerUrl } from '../server.ts';
import { handleError } from '../errors.ts';
import { clientAddress } from '../middleware/client-address/index.ts';
import type { GatewayEnv } from '../types.ts';
import { healthRoutes, type HealthDeps } from './index.ts';

const STARTING_RETRY_AFTER_S = 2;

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
  const app = new Hono<GatewayEnv>();
  app.all('*', (c) => {
    if (routes) return routes.fetch(c.req.raw, c.env);
    return c.json({ status: 'starting', reason: status, error: { code: 'starting', message: `Midgard is starting: ${status}` } }, 503, { 'Retry-After': String(STARTING_RETRY_AFTER_S) });
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: options.hostname }, () => resolve(s as Server));
    (s as Server).once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = listenerUrl(options.hostname, port);
  log.info({ port, hostname: options.hostname }, 'health port listening');
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
