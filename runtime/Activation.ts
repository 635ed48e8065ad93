import type { Envelope } from './control.ts';
import type { ActorBatch } from './protocol.ts';
import type { ActorRecord } from './ActorTable.ts';
import type { World } from './World.ts';
import { log } from './log.ts';

/** One actor's part of a tick: its record, the mail taken from its mailbox, and the batch its worker gets. */
export interface Planned {
  id: string;
  record: ActorRecord;
  envelopes: Envelope[];
  batch: ActorBatch;
}

/**
 * Bringing actors into a worker and letting them go: what rebuilds an actor that is not resident (snapshot +
 * the events it saw since), snapshots coming back from workers, failure (restart from snapshot), and which
 * idle actors passivation takes.
 */
export class Activation {
  constructor(private readonly world: World) {}

  plan(id: string, record: ActorRecord, envelopes: Envelope[], order: number, inspect: boolean): Planned {
    const { now, tick } = this.world.time;
    const chunk = { now, tick, events: envelopes.map((e) => e.event), from: envelopes.map((e) => e.from) };
    const batch: ActorBatch = { order, id, chunk };
    if (inspect) batch.inspect = true;
    if (record.status !== 'active') batch.restore = this.restoreInfo(record);
    return { id, record, envelopes, batch };
  }

  /**
   * What rebuilds an actor that is not resident: its latest snapshot (null = brand new; undefined = still to be
   * read from the store, see loadStoredSnapshots) and the events delivered after it.
   */
  restoreInfo(record: ActorRecord): ActorBatch['restore'] {
    if (record.status === 'new' && !record.since) return undefined;
    const snapshot = record.snapshot !== undefined ? record.snapshot : record.storedVersion > 0 ? undefined : null;
    return { snapshot, replay: record.since ?? [] };
  }

  /** One store read for every planned actor whose snapshot lives only in the store. */
  async loadStoredSnapshots(plan: Planned[]): Promise<void> {
    const missing = plan.filter((p) => p.batch.restore && p.batch.restore.snapshot === undefined);
    if (!missing.length) return;
    const stored = new Map((await this.world.store.load(missing.map((p) => p.id))).map((a) => [a.id, a.snapshot]));
    for (const p of missing) p.batch.restore!.snapshot = stored.get(p.id) ?? null;
  }

  /** Fresh snapshots from a worker: each replaces the actor's since-log. */
  takeSnapshots(snapshots: { id: string; snapshot: unknown }[] | undefined): void {
    const { table } = this.world;
    for (const { id, snapshot } of snapshots ?? []) {
      const record = table.get(id);
      if (!record) continue;
      record.snapshot = snapshot;
      record.version++;
      record.since = null;
      table.touched.add(id);
    }
  }

  /** Supervision: the failing message goes to the dead letters; the actor restarts from its snapshot. */
  fail(id: string, record: ActorRecord, error: string, envelope: Envelope | null): void {
    const { counters } = this.world;
    counters.failures++;
    counters.restarts++;
    record.errors++;
    record.status = 'lost';
    if (envelope) this.world.deadLetter(id, envelope.event, error);
    log.warn({ actorId: id, error }, 'actor failed; restarting from its last snapshot');
  }

  /** Plans that revive every failed actor, by worker slot. */
  lostBySlot(): Map<number, Planned[]> {
    const lost = new Map<number, Planned[]>();
    for (const [id, record] of this.world.table.records) {
      if (record.status !== 'lost') continue;
      const list = lost.get(record.slot) ?? [];
      list.push(this.plan(id, record, [], list.length, false));
      lost.set(record.slot, list);
    }
    return lost;
  }

  /** Virtual time at which the least recently active actor becomes idle enough to passivate. */
  passivationDue(): number {
    const { table, settings } = this.world;
    if (settings.passivateAfterMs <= 0) return Infinity;
    for (const id of table.byActivity.keys()) return table.get(id)!.lastActive + settings.passivateAfterMs;
    return Infinity;
  }

  /** Actors idle long enough to passivate, by worker slot (busy or watched ones are looked at again later). */
  idleBySlot(): Map<number, string[]> {
    const { table, time, inspector, settings } = this.world;
    const cutoff = time.now - settings.passivateAfterMs;
    const bySlot = new Map<number, string[]>();
    for (const id of table.byActivity.keys()) {
      const record = table.get(id)!;
      if (record.lastActive > cutoff) break;
      if (record.status !== 'active' || record.mailbox || inspector.isWatched(id)) {
        // busy or watched: look again after another idle period instead of blocking the scan
        table.markActive(id, record, record.status === 'active' ? time.now : record.lastActive);
        continue;
      }
      let ids = bySlot.get(record.slot);
      if (!ids) bySlot.set(record.slot, (ids = []));
      ids.push(id);
    }
    return bySlot;
  }

  /** Actors a worker has let go: their snapshots are the latest, they live in the store from now on. */
  passivated(snapshots: { id: string; snapshot: unknown }[] | undefined): void {
    this.takeSnapshots(snapshots);
    for (const { id } of snapshots ?? []) {
      this.world.table.markInactive(id, this.world.table.get(id)!, 'passive');
      this.world.counters.passivations++;
    }
  }
}
