import { randomUUID } from 'node:crypto';
import { workerData } from 'piscina';
import { ActorHost } from './ActorHost.ts';
import type { Catalogue } from './ActorKind.ts';
import type { WorkerConfig, WorkerReply, WorkerTask } from './protocol.ts';
import { handleTask } from './handleTask.ts';

/**
 * The Piscina worker: one ActorHost holding this worker's shards. The incarnation id lets the runtime notice a
 * replaced worker (Piscina recreates dead ones with empty memory) before it delivers anything to it.
 */
const incarnation = randomUUID();
const config = workerData as WorkerConfig;
const { kinds } = (await import(config.catalogueUrl)) as Catalogue;
const host = new ActorHost(kinds, config.worldSeed);

export default function runTask(task: WorkerTask): WorkerReply {
  return handleTask(host, incarnation, task);
}

