import type { Envelope } from './control.ts';
import { stateKey } from './stateKey.ts';
import type { SnapshotStore, StoredActor } from './SnapshotStore.ts';
import type { ActorRecord, ActorTable } from './ActorTable.ts';
import type { Pauses } from './Pauses.ts';
import type { Row } from './hostProtocol.ts';

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
  rows: Map<string, Row>;
  pauses: Pauses;
  store: SnapshotStore;
}

/** A row worth keeping in the conductor's copy: a passive actor with no timers and no mail is known by its record alone. */
export function keepRow(rows: Map<string, Row>, row: Row): void {
  if (row[2].length || row[3].length || row[5] !== 'passive') rows.set(row[0], [row[0], undefined, row[2], row[3], row[4], row[5]]);
  else rows.delete(row[0]);
}

/**
 * Write every actor whose stored row is out of date, and the world document, in one atomic save. The caller has
 * collected from every host first (fresh snapshots, timers, mailboxes); `waiting` is mail the conductor holds
 * for the next tick, stored with its actor so a restart delivers it.
 */
export async function writeCheckpoint({ table, rows, pauses, store }: Parts, world: WorldDoc, waiting: Map<string, Envelope[]>): Promise<void> {
  for (const id of waiting.keys()) table.touched.add(id);
  const ids = [...table.touched];
  table.touched.clear();
  // Rows whose snapshot lives only in the store (passive actors that got mail) are rewritten with it.
  const storedOnly = ids.filter((id) => table.get(id)!.snapshot === undefined && table.get(id)!.storedVersion > 0);
  const stored = new Map((await store.load(storedOnly)).map((a) => [a.id, a.snapshot]));
  const saved: StoredActor[] = ids.map((id) => {
    const r = table.get(id)!;
    const row = rows.get(id);
    const mailbox = [...(row?.[3] ?? []), ...(waiting.get(id) ?? [])].map((e, seq) => ({ ...e, seq }));
    return {
      id,
      kind: r.kind,
      version: r.version,
      snapshot: r.snapshot === undefined ? (stored.get(id) ?? null) : r.snapshot,
      timers: row?.[2] ?? [],
      mailbox,
      paused: pauses.actors.has(id),
      updatedAt: world.now,
    };
  });
  await store.save(saved, world);
  for (const id of ids) {
    const r = table.get(id)!;
    r.storedVersion = r.version;
    // Passive actors live in the store now; keep only resident ones' snapshots at hand.
    if (r.status === 'passive') r.snapshot = undefined;
  }
}

/**
 * Bring a stored world back: every actor as a passive record (revived on its next message), its pause, and the
 * rows (timers, queued mail in the order it was queued) its host is loaded with.
 */
export async function restoreWorld({ rows, pauses, store }: Parts, recordFor: (id: string) => ActorRecord | undefined): Promise<WorldDoc | null> {
  const world = (await store.loadWorld()) as WorldDoc | null;
  if (world) pauses.loadWorld(world);
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
      record.mailbox = actor.mailbox.length;
      if (actor.paused) pauses.actors.add(actor.id);
      const mailbox = [...actor.mailbox].sort((a, b) => a.seq - b.seq);
      keepRow(rows, [actor.id, undefined, actor.timers, mailbox, 0, record.status === 'passive' ? 'passive' : 'new']);
    }
  }
  return world;
}
