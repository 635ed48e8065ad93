import type { MessagePort } from 'node:worker_threads';
import { ShardHost } from './ShardHost.ts';
import { PortTransport } from './PeerTransport.ts';
import type { Catalogue } from './ActorKind.ts';
import type { HostCommand, HostSetup } from './hostProtocol.ts';

/**
 * The Piscina task a worker runs for the life of the world: one ShardHost, driven over its own control port
 * (commands in, reports out, snapshot requests out), talking to the other hosts over the peer ports it was
 * handed. The task ends on `stop`; if the thread dies, Piscina rejects it and the conductor rebuilds the host.
 * No top-level await here: a worker module with one fails to load through tsx under Piscina (seen with
 * tsx 4.23 / Node 20), so the catalogue is imported inside the task.
 */
export interface HostTask {
  setup: HostSetup;
  control: MessagePort;
  peers: (MessagePort | null)[];
}

/** What travels on a control port: a command or a reply to a snapshot request (in), a reply or a request (out). */
export type ToHost = { id: number; command: HostCommand } | { loaded: number; snapshots: Record<string, unknown> };
export type FromHost = { id: number; reply: unknown } | { id: number; error: string } | { load: number; ids: string[] };

/**
 * Inside a Piscina worker the ESM loader hooks of `--import tsx` are not active (Piscina loads this file through
 * tsx's require hook), so a TypeScript catalogue is imported through tsx's own API; plain JS needs no help.
 */
async function importModule(url: string): Promise<unknown> {
  if (!url.endsWith('.ts')) return import(url);
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(url, { parentURL: url });
}

export default async function runHost({ setup, control, peers }: HostTask): Promise<void> {
  const { kinds } = (await importModule(setup.catalogueUrl)) as Catalogue;
  const loads = new Map<number, (snapshots: Record<string, unknown>) => void>();
  let nextLoad = 0;
  const load = (ids: string[]) =>
    new Promise<Record<string, unknown>>((resolve) => {
      loads.set(++nextLoad, resolve);
      control.postMessage({ load: nextLoad, ids } satisfies FromHost);
    });
  const host = new ShardHost(kinds, setup, setup.hosts > 1 ? new PortTransport(peers) : null, load);
  await new Promise<void>((resolve) => {
    control.on('message', (message: ToHost) => {
      if ('loaded' in message) {
        loads.get(message.loaded)?.(message.snapshots);
        loads.delete(message.loaded);
        return;
      }
      const { id, command } = message;
      host.handle(command).then(
        (reply) => {
          control.postMessage({ id, reply } satisfies FromHost);
          if (command.op === 'stop') resolve();
        },
        (err: unknown) => control.postMessage({ id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies FromHost),
      );
    });
  });
  control.close();
}
