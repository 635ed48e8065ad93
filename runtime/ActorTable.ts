import type { ActorSummary, Envelope, ListQuery } from './control.ts';
import type { Chunk } from './protocol.ts';

/**
 * What the main thread knows about every registered actor, resident or not. Kept small: a million
 * registered NPCs must fit (mailbox and since-log arrays exist only while non-empty).
 */
export interface ActorRecord {
  kind: string;
  slot: number;
  /** new: never created; active: resident in its worker; passive: only in the store; lost: must be rebuilt */
  status: 'new' | 'active' | 'passive' | 'lost';
  /**
   * The state value of the actor's snapshot, flattened (runtime/stateKey.ts): what the list, the census, the
   * detail page and the diagram all call its state. '' while it has no snapshot (status `new`): being new is
   * where an actor is in its life, not a state of its machine.
   */
  state: string;
  mailbox: Envelope[] | null;
  /** events delivered since the latest snapshot: with it, the snapshot rebuilds the actor exactly */
  since: Chunk[] | null;
  /** latest snapshot, while the store may not have it yet (or the actor is resident); undefined = store only */
  snapshot: unknown;
  version: number;
  storedVersion: number;
  lastActive: number;
  errors: number;
}

export class ActorTable {
  readonly records = new Map<string, ActorRecord>();
  /** ids with queued mail, in the order their mail arrived: deterministic delivery order */
  readonly ready = new Set<string>();
  /** active ids, least recently active first (re-inserted on activity) — passivation scans from the front */
  readonly byActivity = new Map<string, true>();
  /** ids whose stored row is out of date (snapshot, mailbox, timers or pause changed) */
  readonly touched = new Set<string>();

  get(id: string): ActorRecord | undefined {
    return this.records.get(id);
  }

  add(id: string, kind: string, slot: number): ActorRecord {
    let record = this.records.get(id);
    if (!record) {
      record = { kind, slot, status: 'new', state: '', mailbox: null, since: null, snapshot: undefined, version: 0, storedVersion: 0, lastActive: 0, errors: 0 };
      this.records.set(id, record);
    }
    return record;
  }

  enqueue(envelope: Envelope, record: ActorRecord): void {
    (record.mailbox ??= []).push(envelope);
    this.ready.add(envelope.to);
    this.touched.add(envelope.to);
  }

  /** Put undelivered mail back at the front, in its original order. */
  requeue(id: string, record: ActorRecord, envelopes: Envelope[]): void {
    if (!envelopes.length) return;
    record.mailbox = [...envelopes, ...(record.mailbox ?? [])];
    this.ready.add(id);
    this.touched.add(id);
  }

  take(id: string, record: ActorRecord, max: number): Envelope[] {
    const mailbox = record.mailbox;
    if (!mailbox) return [];
    const taken = mailbox.length <= max ? mailbox : mailbox.splice(0, max);
    if (taken === mailbox) {
      record.mailbox = null;
      this.ready.delete(id);
    }
    this.touched.add(id);
    return taken;
  }

  markActive(id: string, record: ActorRecord, now: number): void {
    record.status = 'active';
    record.lastActive = now;
    this.byActivity.delete(id);
    this.byActivity.set(id, true);
  }

  markInactive(id: string, record: ActorRecord, status: 'passive' | 'lost'): void {
    record.status = status;
    if (status === 'passive') this.byActivity.delete(id);
  }

  counts(): { registered: number; active: number; passive: number } {
    let active = 0;
    let passive = 0;
    for (const r of this.records.values()) {
      if (r.status === 'active') active++;
      else if (r.status === 'passive') passive++;
    }
    return { registered: this.records.size, active, passive };
  }

  list(query: ListQuery, isPaused: (id: string, r: ActorRecord) => boolean): { total: number; items: ActorSummary[] } {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    const q = query.q?.toLowerCase();
    const items: ActorSummary[] = [];
    let total = 0;
    for (const [id, r] of this.records) {
      if (query.kind && r.kind !== query.kind) continue;
      if (query.state && r.state !== query.state && !r.state.startsWith(`${query.state}.`)) continue;
      if (q && !id.toLowerCase().includes(q)) continue;
      const paused = isPaused(id, r);
      if (query.paused !== undefined && paused !== query.paused) continue;
      if (query.failed !== undefined && r.errors > 0 !== query.failed) continue;
      const summary = this.summary(id, r, paused);
      if (query.status && summary.status !== query.status) continue;
      if (total >= offset && items.length < limit) items.push(summary);
      total++;
    }
    return { total, items };
  }

  census(): { kind: string; state: string; count: number }[] {
    const counts = new Map<string, number>();
    for (const r of this.records.values()) {
      const key = `${r.kind}\u0000${r.state}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts]
      .map(([key, count]) => {
        const [kind, state] = key.split('\u0000') as [string, string];
        return { kind, state, count };
      })
      .sort((a, b) => a.kind.localeCompare(b.kind) || a.state.localeCompare(b.state));
  }

  summary(id: string, r: ActorRecord, paused: boolean): ActorSummary {
    const status = r.status === 'lost' ? 'failed' : r.status;
    return { id, kind: r.kind, state: r.state, status, paused, mailbox: r.mailbox?.length ?? 0, errors: r.errors };
  }
}
