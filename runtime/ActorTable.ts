import type { ActorSummary, ListQuery } from './control.ts';

/**
 * What the main thread knows about every registered actor, resident or not: enough for listings, the census and
 * checkpoints. Kept small: a million registered NPCs must fit. The actor, its mail and its timers live in its
 * shard host; `state`, `status` and `mailbox` follow the host's per-tick changes.
 */
export interface ActorRecord {
  kind: string;
  /** the host that owns the actor's shard */
  slot: number;
  /** new: never created; active: resident in its host; passive: only its snapshot (here or in the store); lost: failed */
  status: 'new' | 'active' | 'passive' | 'lost';
  /**
   * The state value of the actor's snapshot, flattened (runtime/stateKey.ts): what the list, the census, the
   * detail page and the diagram all call its state. '' while it has no snapshot (status `new`): being new is
   * where an actor is in its life, not a state of its machine.
   */
  state: string;
  /** mail waiting for it (in its host, or here until the next tick) */
  mailbox: number;
  /** latest snapshot the main thread holds (collections, passivation) while the store may not have it; undefined = store only */
  snapshot: unknown;
  version: number;
  storedVersion: number;
  errors: number;
}

export class ActorTable {
  readonly records = new Map<string, ActorRecord>();
  /** ids whose stored row is out of date (snapshot, mailbox, timers or pause changed) */
  readonly touched = new Set<string>();

  get(id: string): ActorRecord | undefined {
    return this.records.get(id);
  }

  add(id: string, kind: string, slot: number): ActorRecord {
    let record = this.records.get(id);
    if (!record) {
      record = { kind, slot, status: 'new', state: '', mailbox: 0, snapshot: undefined, version: 0, storedVersion: 0, errors: 0 };
      this.records.set(id, record);
    }
    return record;
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
    return { id, kind: r.kind, state: r.state, status, paused, mailbox: r.mailbox, errors: r.errors };
  }
}
