import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ActorHost } from './ActorHost.ts';

/**
 * Heap figures should mean live objects, not garbage awaiting collection. Worker threads refuse `--expose-gc`
 * in execArgv, so the flag is set at run time and `gc` taken from a fresh context.
 */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
import type { WorkerReply, WorkerTask } from './protocol.ts';

/** Shared with the inline (no worker) mode so both paths run the same code. */
export function handleTask(actors: ActorHost, self: string, task: WorkerTask): WorkerReply {
  if (task.op === 'stats') {
    collectGarbage();
    return { incarnation: self, results: [], resident: actors.size, ...actors.counts(), heapUsed: process.memoryUsage().heapUsed };
  }
  if (task.incarnation !== null && task.incarnation !== self) return { incarnation: self, mismatch: true, results: [] };
  switch (task.op) {
    case 'deliver': {
      const results = task.batches.map((batch) => actors.deliver(batch));
      actors.compact(task.tick);
      return { incarnation: self, results, snapshots: task.snapshot ? actors.dirtySnapshots() : undefined };
    }
    case 'evict':
      return { incarnation: self, results: [], snapshots: actors.evict(task.ids) };
    case 'peek':
      return { incarnation: self, results: [], snapshots: task.ids.map((id) => ({ id, snapshot: actors.peek(id) ?? null })) };
    case 'snapshot':
      return { incarnation: self, results: [], snapshots: actors.dirtySnapshots() };
  }
}
