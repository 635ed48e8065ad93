import { MessageChannel, type MessagePort, type Transferable } from 'node:worker_threads';
import type { HostCommand, HostReport, HostSetup } from './hostProtocol.ts';
import type { FromHost, ToHost } from './worker.ts';
import type { ShardPool } from './ShardPool.ts';

/** The host behind a link is gone (its worker died, or its world node let it go): the pool rebuilds it. */
export class HostLost extends Error {}

/** How the pool reaches one shard host: in this thread, in a worker, or on a world node (HostPool.ts). */
export interface Link {
  call(command: HostCommand, transfer?: Transferable[]): Promise<HostReport>;
  /** answering snapshot requests from the last collection's copy (while a rebuilt host replays) */
  baseline: boolean;
  /** a remote host: resolves once one serves the link */
  open?(): Promise<void>;
  /** a worker's link: whether its worker is gone */
  lost?(): boolean;
}

/**
 * A link to a fresh host in the pool's worker for `slot`, over a control port of its own: commands out and
 * replies back by id, the host's snapshot requests answered with `load`. When the worker dies (its task fails or
 * its port closes) every pending call and every later one fails with HostLost.
 */
export function workerLink(
  pool: ShardPool,
  slot: number,
  setup: HostSetup,
  peers: (MessagePort | null)[],
  load: (ids: string[], baseline: boolean) => Promise<Record<string, unknown>>,
): Link {
  const { port1, port2 } = new MessageChannel();
  const pending = new Map<number, { resolve: (r: HostReport) => void; reject: (e: Error) => void }>();
  let lost: HostLost | null = null;
  let next = 0;
  const link: Link = {
    baseline: false,
    lost: () => lost !== null,
    call: (command, transfer = []) => {
      if (lost) return Promise.reject(lost);
      return new Promise((resolve, reject) => {
        pending.set(++next, { resolve, reject });
        port1.postMessage({ id: next, command } satisfies ToHost, transfer as never);
      });
    },
  };
  const fail = (why: unknown) => {
    if (lost) return;
    lost = new HostLost(`worker for host ${slot} lost: ${why instanceof Error ? why.message : String(why)}`);
    for (const p of pending.values()) p.reject(lost);
    pending.clear();
    port1.close();
  };
  port1.on('message', (message: FromHost) => {
    if ('load' in message) {
      void load(message.ids, link.baseline).then((snapshots) => port1.postMessage({ loaded: message.load, snapshots } satisfies ToHost));
      return;
    }
    const p = pending.get(message.id);
    pending.delete(message.id);
    if ('error' in message) p?.reject(new Error(`host ${slot}: ${message.error}`));
    else p?.resolve(message.reply as HostReport);
  });
  port1.on('close', () => fail('control port closed'));
  const transfer = [port2, ...peers.filter((p): p is MessagePort => !!p)];
  pool.host(slot, { setup, control: port2, peers }, transfer).then(
    () => fail('host stopped'),
    (err: unknown) => fail(err),
  );
  return link;
}
