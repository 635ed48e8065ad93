import { bindHealthPort, type HealthPort } from '../gateway/health/port.ts';
import { loadConfig } from './config.ts';
import { openWorld, type OpenedWorld, type OpenWorldOptions } from './openWorld.ts';

export type WorldNodeOptions = Omit<OpenWorldOptions, 'config' | 'onStatus'>;

export interface WorldNode {
  world: OpenedWorld;
  /** `/health`, `/ready` (role `world`, the world's tick) and `/metrics` on MIDGARD_PORT */
  health: HealthPort;
  close(): Promise<void>;
}

/**
 * Role `world`: `openWorld` behind a health port and nothing else — no bridge API, no admin API (gateways serve
 * those). The port is bound first, so a busy one fails before the world is touched, and an orchestrator probing
 * it sees 503 `starting` with the start-up status until the world runs.
 *
 * @example
 * const node = await openWorldNode({ world: realWorld() });
 * process.once('SIGTERM', () => node.close());
 */
export async function openWorldNode(options: WorldNodeOptions): Promise<WorldNode> {
  const config = loadConfig(options.env ?? process.env);
  const health = await bindHealthPort({ port: config.gateway.port, hostname: config.gateway.hostname });
  let world: OpenedWorld;
  try {
    world = await openWorld({ ...options, config, onStatus: (reason) => health.setStatus(reason) });
  } catch (err) {
    await health.close();
    throw err;
  }
  const { runtime } = world;
  health.attach({
    role: 'world',
    runtime,
    config: config.gateway,
    running: () => runtime.running,
    ready: world.ready,
  });
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await health.close();
      await world.close();
    })());
  return { world, health, close };
}
