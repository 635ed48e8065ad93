import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { WorkerConfig, WorkerReply, WorkerTask } from './protocol.ts';
import type { ActorKind } from './ActorKind.ts';
import { ActorHost } from './ActorHost.ts';

/**
 * Where actors live. `slots` workers (Piscina, min = max threads, never idle-reaped); a task for slot s always
 * runs on the worker pinned to s (Piscina `loadBalancer`, ARCHITECTURE.md decision 2). With 0 workers the
 * actors live in the main thread — same code path, handy for tests and small tools.
 */
export interface ShardPool {
  readonly slots: number;
  run(slot: number, task: WorkerTask): Promise<WorkerReply>;
  /** Kill the worker behind a slot (tests of worker loss). */
  terminate(slot: number): Promise<void>;
  destroy(): Promise<void>;
}

const kSlot = Piscina.queueOptionsSymbol;

/** The part of Piscina's worker handle the balancer reads (Piscina does not export the type from its root). */
interface PiscinaWorker {
  id: number;
  currentUsage: number;
  terminating: boolean;
  destroyed: boolean;
}

export function defaultWorkerCount(): number {
  return availableParallelism();
}

export function createShardPool(workers: number, config: WorkerConfig, inlineKinds?: ActorKind[]): Promise<ShardPool> | ShardPool {
  if (workers === 0) {
    if (!inlineKinds) return import(config.catalogueUrl).then(({ kinds }) => new InlinePool(kinds, config));
    return new InlinePool(inlineKinds, config);
  }
  return new PiscinaShardPool(workers, config);
}

class InlinePool implements ShardPool {
  readonly slots = 1;
  private host: ActorHost;
  private incarnation = 'inline-0';
  private handle: typeof import('./handleTask.ts').handleTask | undefined;

  constructor(private readonly kinds: ActorKind[], private readonly config: WorkerConfig) {
    this.host = new ActorHost(kinds, config.worldSeed);
  }

  async run(_slot: number, task: WorkerTask): Promise<WorkerReply> {
    this.handle ??= (await import('./handleTask.ts')).handleTask;
    return this.handle(this.host, this.incarnation, task);
  }

  async terminate(): Promise<void> {
    this.host = new ActorHost(this.kinds, this.config.worldSeed);
    this.incarnation = `inline-${Number(this.incarnation.slice(7)) + 1}`;
  }

  async destroy(): Promise<void> {}
}

class PiscinaShardPool implements ShardPool {
  private readonly pool: Piscina;
  /** slot → Piscina worker id; re-pinned to a fresh worker when its worker dies */
  private readonly pinned = new Map<number, number>();

  constructor(readonly slots: number, config: WorkerConfig) {
    this.pool = new Piscina({
      filename: new URL('./worker.ts', import.meta.url).href,
      minThreads: slots,
      maxThreads: slots,
      idleTimeout: Infinity,
      concurrentTasksPerWorker: 1,
      // Workers run TypeScript too: no build step between a checkout and a running world.
      execArgv: [...process.execArgv.filter((a) => !a.startsWith('--inspect')), '--import', 'tsx'],
      workerData: config,
      loadBalancer: ((task: unknown, workers: PiscinaWorker[]) => this.pick((task as Record<symbol, { slot: number }>)[kSlot]?.slot, workers)) as never,
    });
  }

  private pick(slot: number | undefined, workers: PiscinaWorker[]): PiscinaWorker | null {
    if (slot === undefined) return workers.find((w) => w.currentUsage === 0) ?? null;
    const alive = workers.filter((w) => !w.terminating && !w.destroyed);
    let worker = alive.find((w) => w.id === this.pinned.get(slot));
    if (!worker) {
      // Pin the slot to a worker no other slot holds (a replacement after a crash, or first use).
      const taken = new Set(this.pinned.values());
      worker = alive.find((w) => !taken.has(w.id));
      if (!worker) return null;
      this.pinned.set(slot, worker.id);
    }
    return worker.currentUsage === 0 ? worker : null;
  }

  run(slot: number, task: WorkerTask): Promise<WorkerReply> {
    return this.pool.run({ ...task, [kSlot]: { slot } }) as Promise<WorkerReply>;
  }

  async terminate(slot: number): Promise<void> {
    const id = this.pinned.get(slot);
    const info = this.pool.threads.find((t) => t.threadId === id);
    this.pinned.delete(slot);
    await info?.terminate();
  }

  async destroy(): Promise<void> {
    await this.pool.destroy();
  }
}
