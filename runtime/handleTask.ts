import type { ActorHost } from './ActorHost.ts';
import type { WorkerReply, WorkerTask } from './protocol.ts';

/** Shared with the inline (no worker) mode so both paths run the same code. */
export function handleTask(actors: ActorHost, self: string, task: WorkerTask): WorkerReply {
  if (task.op === 'stats') {
    return { incarnation: self, results: [], resident: actors.size, heapUsed: process.memoryUsage().heapUsed };
  }
  if (task.incarnation !== null && task.incarnation !== self) return { incarnation: self, mismatch: true, results: [] };
  switch (task.op) {
    case 'deliver': {
      const results = task.batches.map((batch) => actors.deliver(batch));
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
