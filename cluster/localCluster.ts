import type { NatsConnection } from '@nats-io/transport-node';
import { connectNats, DEFAULT_NATS_URL } from './nats.ts';
import type { NatsHosts } from './NatsHosts.ts';
import { WorldNode } from './WorldNode.ts';

export interface LocalClusterOptions {
  world: string;
  /** how many world nodes, each on its own NATS connection */
  nodes: number;
  slots: number;
  ttlMs: number;
  callTimeoutMs?: number;
  maxWaits?: number;
  url?: string;
  /** the longest wait for every slot to be served in balance (default 15 s) */
  timeoutMs?: number;
}

export interface LocalCluster {
  nodes: WorldNode[];
  connections: NatsConnection[];
  /** the conductor's hosts (the first node is the conductor): `Runtime.create({ hosts })` */
  hosts: NatsHosts;
  /** every node leaves, every connection closes */
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Several world nodes of one world in this process (tests, in-process benchmarks): joined one by one, settled
 * until every slot is served and each node has its share, the first one made the conductor.
 */
export async function localCluster(options: LocalClusterOptions): Promise<LocalCluster> {
  const nodes: WorldNode[] = [];
  const connections: NatsConnection[] = [];
  const close = async () => {
    for (const node of nodes) await node.leave().catch(() => {});
    for (const nc of connections) await nc.close().catch(() => {});
  };
  try {
    for (let i = 0; i < options.nodes; i++) {
      const nc = await connectNats(options.url ?? DEFAULT_NATS_URL);
      connections.push(nc);
      nodes.push(await WorldNode.join({ nc, world: options.world, node: `n${i + 1}`, slots: options.slots, ttlMs: options.ttlMs, callTimeoutMs: options.callTimeoutMs, maxWaits: options.maxWaits }));
    }
    // LeaseKeeper's balance: nobody above ceil(slots / nodes) (so with 6 slots, 4 nodes may hold 2, 2, 2, 0)
    const fair = Math.ceil(options.slots / options.nodes);
    const deadline = Date.now() + (options.timeoutMs ?? 15_000);
    while (nodes.reduce((n, node) => n + node.slots.length, 0) !== options.slots || nodes.some((node) => node.slots.length > fair)) {
      if (Date.now() > deadline) throw new Error(`world ${options.world}: slots not served in balance after ${options.timeoutMs ?? 15_000} ms: ${nodes.map((n) => n.slots.join(',')).join(' | ')}`);
      await sleep(50);
    }
    await new Promise<void>((resolve) => nodes[0]!.onConductor(() => resolve()));
    return { nodes, connections, hosts: nodes[0]!.remoteHosts(), close };
  } catch (err) {
    await close();
    throw err;
  }
}
