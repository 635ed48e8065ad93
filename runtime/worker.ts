import { randomUUID } from 'node:crypto';
import { workerData } from 'piscina';
import { ActorHost } from './ActorHost.ts';
import { handleTask } from './handleTask.ts';
import type { Catalogue } from './ActorKind.ts';
import type { WorkerConfig, WorkerReply, WorkerTask } from './protocol.ts';

/**
 * The Piscina worker: one ActorHost holding this worker's shards. The incarnation id lets the runtime notice a
 * replaced worker (Piscina recreates dead ones with empty memory) before it delivers anything to it.
 * No top-level await here: a worker module with one fails to load through tsx under Piscina (seen with
 * tsx 4.23 / Node 20), so the catalogue is imported on the first task.
 */
const incarnation = randomUUID();
let host: Promise<ActorHost> | undefined;

/**
 * Inside a Piscina worker the ESM loader hooks of `--import tsx` are not active (Piscina loads this file through
 * tsx's require hook), so a TypeScript catalogue is imported through tsx's own API; plain JS needs no help.
 */
async function importModule(url: string): Promise<unknown> {
  if (!url.endsWith('.ts')) return import(url);
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(url, { parentURL: url });
}

async function loadHost(): Promise<ActorHost> {
  const config = workerData as WorkerConfig;
  const { kinds } = (await importModule(config.catalogueUrl)) as Catalogue;
  return new ActorHost(kinds, config.worldSeed);
}

export default async function runTask(task: WorkerTask): Promise<WorkerReply> {
  host ??= loadHost();
  return handleTask(await host, incarnation, task);
}
