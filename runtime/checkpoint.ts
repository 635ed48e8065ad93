import type { Envelope } from './control.ts';
import { stateKey } from './stateKey.ts';
import type { SnapshotStore, StoredActor } from '../persistence/types.ts';
import type { ActorRecord, ActorTable } from './ActorTable.ts';
import type { TimerWheel } from './TimerWheel.ts';
import type { Pauses } from './Pauses.ts';

/** The world document written with every checkpoint: clock, counters, pauses and the caller's extras. */
export interface WorldDoc {
  now: number;
  tick: number;
  seq: number;
  pausedKinds: string[];
  worldPaused: boolean;
  extras?: unknown;
}

interface Parts {
  table: ActorTable;
  timers: TimerWheel;
  pauses: Pauses;
  store: SnapshotStore;
}

/**
 * Write every actor whose stored row is out of date, and the world document, in one atomic save. The caller
 * has taken fresh snapshots first, so no actor needs its since-snapshot log to be rebuilt.
 */
export async function writeCheckpoint({ table, timers, pauses, store }: Parts, world: WorldDoc): Promise<void> {
  const ids = [...table.touched];
  table.touched.clear();
  // Rows whose snapshot lives only in the store (passive actors that got mail) are rewritten with it.
  const storedOnly = ids.filter((id) => table.get(id)!.snapshot === undefined && table.get(id)!.storedVersion > 0);
  const stored = new Map((await store.load(storedOnly)).map((a) => [a.id, a.snapshot]));
  const rows: StoredActor[] = ids.map((id) => {
    const r = table.get(id)!;
    return {
      id,
      kind: r.kind,
      version: r.version,
      snapshot: r.snapshot === undefined ? (stored.get(id) ?? null) : r.snapshot,
      timers: timers.forActor(id),
      mailbox: r.mailbox ?? [],
      paused: pauses.actors.has(id),
      updatedAt: world.now,
    };
  });
  await store.save(rows, world);
  for (const id of ids) {
    const r = table.get(id)!;
    r.storedVersion = r.version;
    // Passive actors live in the store now; keep only resident ones' snapshots at hand.
    if (r.status === 'passive') r.snapshot = undefined;
  }
}

/**
 * Bring a stored world back: every actor as a passive record (revived on its next message), its timers and
 * pause, and all queued mail re-queued in the order it was first sent — the delivery order the world would
 * have had if the process had never stopped.
 */
export async function restoreWorld(
  { table, timers, pauses, store }: Parts,
  recordFor: (id: string) => ActorRecord | undefined,
): Promise<WorldDoc | null> {
  const world = (await store.loadWorld()) as WorldDoc | null;
  if (world) pauses.loadWorld(world);
  const mail: Envelope[] = [];
  // Snapshots stay in the store: a passive actor's is read when its next message arrives.
  for await (const page of store.loadAll(undefined, { snapshots: false })) {
    for (const actor of page) {
      const record = recordFor(actor.id);
      if (!record) continue; // a kind this build no longer has
      const stored = actor.hasSnapshot ?? actor.snapshot !== null;
      record.status = stored ? 'passive' : 'new';
      // listed in the state it was stored in, before it wakes (its snapshot is read then)
      record.state = stored ? stateKey(actor.hasSnapshot === undefined ? (actor.snapshot as { value?: unknown } | null)?.value : actor.value) : '';
      record.version = record.storedVersion = actor.version;
      timers.load(actor.timers);
      if (actor.paused) pauses.actors.add(actor.id);
      mail.push(...actor.mailbox);
    }
  }
  mail.sort((a, b) => a.seq - b.seq);
  for (const envelope of mail) table.enqueue(envelope, table.get(envelope.to)!);
  return world;
}
