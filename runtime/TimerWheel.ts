import type { TimerSpec } from '../machines/kit/outputs.ts';
import type { TimerRecord } from './control.ts';

const DAY = 86_400_000;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The first virtual instant strictly after `now` at which a spec fires; null for a malformed spec. */
export function nextDue(spec: Pick<TimerSpec, 'at' | 'delay' | 'every' | 'daily'>, now: number): number | null {
  if (spec.at !== undefined) return Number.isFinite(spec.at) ? spec.at : null;
  if (spec.delay !== undefined) return spec.delay >= 0 ? now + spec.delay : null;
  if (spec.every !== undefined) return spec.every > 0 ? now + spec.every : null;
  if (spec.daily !== undefined) {
    const m = HH_MM.exec(spec.daily);
    if (!m) return null;
    const at = Math.floor(now / DAY) * DAY + Number(m[1]) * 3_600_000 + Number(m[2]) * 60_000;
    return at > now ? at : at + DAY;
  }
  return null;
}

/**
 * Every timer of every actor, ordered by (due, actor, id) so firing order never depends on insertion order or
 * worker count. A binary heap with lazy deletion: replacing or cancelling a timer just orphans its heap entry.
 */
export class TimerWheel {
  private readonly byKey = new Map<string, TimerRecord>();
  private readonly byActor = new Map<string, Set<string>>();
  private heap: TimerRecord[] = [];

  get size(): number {
    return this.byKey.size;
  }

  /** Returns the stored record, or null when the spec says no valid time (the caller reports it). */
  set(actorId: string, spec: TimerSpec, now: number): TimerRecord | null {
    const due = nextDue(spec, now);
    if (due === null) return null;
    const record: TimerRecord = { actorId, id: spec.id, event: spec.event, due };
    if (spec.every !== undefined) record.every = spec.every;
    if (spec.daily !== undefined) record.daily = spec.daily;
    this.put(record);
    return record;
  }

  /** Restore persisted timers as they were (their due times are facts, not recomputed). */
  load(records: TimerRecord[]): void {
    for (const record of records) this.put({ ...record });
  }

  cancel(actorId: string, id: string): void {
    const key = keyOf(actorId, id);
    if (this.byKey.delete(key)) this.byActor.get(actorId)?.delete(key);
  }

  forActor(actorId: string): TimerRecord[] {
    const keys = this.byActor.get(actorId);
    return keys ? [...keys].map((k) => this.byKey.get(k)!).sort(compare) : [];
  }

  nextDueTime(): number | null {
    this.dropOrphans();
    return this.heap[0]?.due ?? null;
  }

  /** Pop every timer due at or before `now`, in firing order; repeating ones are rescheduled. */
  takeDue(now: number): TimerRecord[] {
    const fired: TimerRecord[] = [];
    for (;;) {
      this.dropOrphans();
      const top = this.heap[0];
      if (!top || top.due > now) break;
      this.pop();
      this.byKey.delete(keyOf(top.actorId, top.id));
      this.byActor.get(top.actorId)?.delete(keyOf(top.actorId, top.id));
      fired.push(top);
      const again = top.every !== undefined || top.daily !== undefined ? nextDue(top, Math.max(now, top.due)) : null;
      if (again !== null) this.put({ ...top, due: again });
    }
    return fired;
  }

  private put(record: TimerRecord): void {
    const key = keyOf(record.actorId, record.id);
    this.byKey.set(key, record);
    let keys = this.byActor.get(record.actorId);
    if (!keys) this.byActor.set(record.actorId, (keys = new Set()));
    keys.add(key);
    this.heap.push(record);
    this.up(this.heap.length - 1);
  }

  private dropOrphans(): void {
    while (this.heap.length && this.byKey.get(keyOf(this.heap[0]!.actorId, this.heap[0]!.id)) !== this.heap[0]) this.pop();
  }

  private pop(): void {
    const last = this.heap.pop()!;
    if (this.heap.length) {
      this.heap[0] = last;
      this.down(0);
    }
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (compare(h[i]!, h[p]!) >= 0) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && compare(h[l]!, h[m]!) < 0) m = l;
      if (r < h.length && compare(h[r]!, h[m]!) < 0) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}

const keyOf = (actorId: string, id: string) => `${actorId}\u0000${id}`;

function compare(a: TimerRecord, b: TimerRecord): number {
  return a.due - b.due || (a.actorId < b.actorId ? -1 : a.actorId > b.actorId ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
