import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { connectNats, DEFAULT_NATS_URL } from './nats.ts';
import { WorldNode } from './WorldNode.ts';

/**
 * One world node in a process of its own that serves host slots and never conducts (benchmarks and tests with
 * real processes; `midgard start --role world` is the full composition). Prints one JSON line when it serves
 * its first slot, and one per change of its slots; leaves cleanly (hands its slots back) on SIGTERM/SIGINT.
 *
 * @example
 * node --import tsx cluster/nodeMain.ts --world bench1 --node n2 --slots 6 --ttl 3000
 */
export interface NodeMainOptions {
  world: string;
  node: string;
  slots: number;
  ttlMs: number;
  natsUrl: string;
}

export async function runNode(options: NodeMainOptions, out: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<{ node: WorldNode; stop(): Promise<void> }> {
  const nc = await connectNats(options.natsUrl, `midgard-${options.node}`);
  const node = await WorldNode.join({ nc, world: options.world, node: options.node, slots: options.slots, ttlMs: options.ttlMs });
  let shown = '';
  const report = setInterval(() => {
    const slots = node.slots.join(',');
    if (slots === shown) return;
    shown = slots;
    out(JSON.stringify({ node: options.node, slots: node.slots, mail: node.mail }));
  }, 100);
  return {
    node,
    stop: async () => {
      clearInterval(report);
      await node.leave();
      await nc.close();
    },
  };
}

function parse(argv: string[]): NodeMainOptions {
  const { values } = parseArgs({ args: argv, options: { world: { type: 'string' }, node: { type: 'string' }, slots: { type: 'string' }, ttl: { type: 'string' }, nats: { type: 'string' } } });
  const slots = Number(values.slots ?? 6);
  const ttlMs = Number(values.ttl ?? 3_000);
  if (!values.world || !values.node) throw new Error('usage: nodeMain --world <name> --node <name> [--slots 6] [--ttl 3000] [--nats nats://127.0.0.1:4222]');
  if (!Number.isInteger(slots) || slots < 1) throw new Error(`--slots must be a positive integer, got ${values.slots}`);
  if (!Number.isFinite(ttlMs) || ttlMs < 300) throw new Error(`--ttl must be at least 300 (ms), got ${values.ttl}`);
  return { world: values.world, node: values.node, slots, ttlMs, natsUrl: values.nats ?? DEFAULT_NATS_URL };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const running = await runNode(parse(process.argv.slice(2)));
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void running.stop().then(() => process.exit(0)));
  }
}
