import { availableParallelism } from 'node:os';
import type { Transferable } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { HostTask } from './worker.ts';

/**
 * The worker threads the shard hosts live in: `slots` Piscina workers (min = max threads, never idle-reaped),
 * each running one long-lived host task; the task for slot s always runs on the worker pinned to s (Piscina
 * `loadBalancer`). When a worker dies its task is rejected and Piscina starts a fresh thread, which the next
 * task for that slot is pinned to.
 */
export interface ShardPool {
  readonly slots: number;
  /** Start the host task for a slot; resolves when the host stops, rejects when its thread dies. */
  host(slot: number, task: HostTask, transfer: Transferable[]): Promise<void>;
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

/**
 * A host allocates per message (decoded mail, delivered events, XState snapshots) and holds a whole tick's decoded
 * mail while it delivers it: every scavenge copies what is still queued. A 128 MB young generation halves the
 * scavenges of 64 MB; a worker's GC time for the same events fell by a quarter with 10k bench NPCs (1.8 s against
 * 2.4–3.0 s) and by an eighth with 100k (15.2 against 17.2 s); 256 MB gained nothing more.
 */
export const WORKER_LIMITS = { maxYoungGenerationSizeMb: 128 } as const;

/**
 * Workers of the TypeScript sources (tests, benchmarks, MIDGARD_TSX=1) load them through tsx; workers of the
 * build must not: with tsx's hooks, Piscina's `require` of the worker succeeds through tsx's CJS transform and the
 * build's JavaScript ran transpiled again. 1-day sim with one worker, 3 runs each: 7.7–8.2 s wall and 9.2–9.6 s
 * CPU without tsx, 9.0–10.0 s and 10.7–12.1 s with it.
 */
export function workerExecArgv(workerFile: string, parent: readonly string[]): string[] {
  return [...parent.filter((a) => !a.startsWith('--inspect')), ...(workerFile.endsWith('.ts') ? ['--import', 'tsx'] : [])];
}

export function createShardPool(slots: number): ShardPool {
  return new PiscinaShardPool(slots);
}

class PiscinaShardPool implements ShardPool {
  private readonly pool: Piscina;
  /** slot → Piscina worker id; re-pinned to a fresh worker when its worker dies */
  private readonly pinned = new Map<number, number>();

  constructor(readonly slots: number) {
    const filename = new URL('./worker.ts', import.meta.url).href;
    this.pool = new Piscina({
      filename,
      minThreads: slots,
      maxThreads: slots,
      idleTimeout: Infinity,
      concurrentTasksPerWorker: 1,
      resourceLimits: WORKER_LIMITS,
      execArgv: workerExecArgv(filename, process.execArgv),
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

  host(slot: number, task: HostTask, transfer: Transferable[]): Promise<void> {
    return this.pool.run({ ...task, [kSlot]: { slot } }, { transferList: transfer as never }) as Promise<void>;
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
