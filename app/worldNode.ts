import type { NatsConnection } from '@nats-io/transport-node';
import { bindHealthPort, type HealthPort } from '../gateway/health/port.ts';
import { worldElsewhere } from '../gateway/worldElsewhere.ts';
import { reportRuntime } from '../gateway/runtime-metrics.ts';
import { connectNats } from '../cluster/nats.ts';
import { WorldNode } from '../cluster/WorldNode.ts';
import { log } from '../runtime/log.ts';
import { loadConfig } from './config.ts';
import { openWorld, type OpenedWorld, type OpenWorldOptions } from './openWorld.ts';

export type WorldNodeOptions = Omit<OpenWorldOptions, 'config' | 'onStatus' | 'fence' | 'runtimeOptions'>;

export interface WorldNodeHandle {
  node: WorldNode;
  /** the world while this node is its conductor, else null (its slots are served all the same) */
  world(): OpenedWorld | null;
  /** `/health`, `/ready` (role `world`, the world's tick on the conductor) and `/metrics` on MIDGARD_PORT */
  health: HealthPort;
  /** resolves if the node's NATS connection ends for good: it can neither serve slots nor conduct */
  lost: Promise<Error>;
  close(): Promise<void>;
}

/**
 * Role `world`: one world node of a cluster (cluster/WorldNode.ts) behind a health port — no bridge API, no
 * admin API (gateways serve those). The node serves its fair share of the world's host slots; while it holds
 * the conductor lease it also runs the world itself (`openWorld` with the lease's fence in place of the
 * single-process WorldLock and the slots as its hosts): restored from the last checkpoint, the journal replayed
 * from there. When the lease goes (this node paused, partitioned), the world here stops without writing and
 * another node's takes over; the node goes on serving slots and may conduct again later.
 *
 * @example
 * const node = await openWorldNode({ world: realWorld() });
 * process.once('SIGTERM', () => node.close());
 */
export async function openWorldNode(options: WorldNodeOptions): Promise<WorldNodeHandle> {
  const config = loadConfig(options.env ?? process.env);
  const { natsUrl, node: name, world: worldName, hostSlots, leaseTtlMs } = config.cluster;
  const health = await bindHealthPort({ port: config.gateway.port, hostname: config.gateway.hostname });
  let nc: NatsConnection;
  let node: WorldNode;
  try {
    health.setStatus(`joining world '${worldName}' over NATS at ${natsUrl}`);
    nc = await connectNats(natsUrl, `midgard-${name}`);
    node = await WorldNode.join({ nc, world: worldName, node: name, slots: hostSlots, ttlMs: leaseTtlMs });
  } catch (err) {
    await health.close();
    throw err;
  }
  // a node that is not the conductor serves slots: ready, with no world of its own to show
  const serving = () => health.attach({ role: 'world', runtime: worldElsewhere(), config: config.gateway, running: () => true, ready: async () => !nc.isClosed() });
  serving();
  let current: OpenedWorld | null = null;
  let closing: Promise<void> | null = null;
  const lost = nc.closed().then((err) => err ?? new Error(`NATS connection to ${natsUrl} closed`));

  node.onConductor(async (epoch, leaseGone) => {
    if (closing) return;
    log.info({ node: name, epoch }, 'conducting the world: restoring it from its last checkpoint');
    let world: OpenedWorld;
    try {
      // openWorld releases the fence (the lease) itself when it cannot open the world
      world = await openWorld({
        ...options,
        config,
        fence: async () => node.conductorFence(),
        runtimeOptions: { hosts: node.remoteHosts() },
      });
    } catch (err) {
      log.error({ err, node: name }, 'could not open the world as its conductor; the lease went back for another node');
      serving();
      return;
    }
    current = world;
    const { runtime } = world;
    reportRuntime(runtime); // the world's gauges on this node's /metrics while it conducts
    health.attach({ role: 'world', runtime, config: config.gateway, running: () => runtime.running, ready: world.ready });
    log.info({ node: name, epoch, tick: runtime.clock().tick, restored: world.start.restored }, 'the world is ticking on this node');
    await Promise.race([leaseGone, world.lost]);
    if (current !== world) return; // closed meanwhile
    current = null;
    serving();
    // fenced: no last checkpoint (the new conductor owns the world); the node serves its slots on
    await world.close().catch((err: unknown) => log.error({ err }, 'closing the world after losing the conductor lease'));
  });

  const close = () =>
    (closing ??= (async () => {
      const world = current;
      current = null;
      await health.close();
      await world?.close(); // last checkpoint, then the conductor lease goes back with the slots
      await node.leave();
      await nc.close();
    })());
  return { node, world: () => current, health, lost, close };
}
