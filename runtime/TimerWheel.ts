import type { TimerSpec } from './messages.ts';
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

/** A heap slot: replacing or cancelling a timer marks its slot dead instead of searching the heap. */
interface Slot {
  record: TimerRecord;
  alive: boolean;
}

/**
 * Every timer of every actor, ordered by (due, actor, id) so firing order never depends on insertion order or
 * worker count. A binary heap with lazy deletion: dead slots are skipped when they reach the top.
 */
export class TimerWheel {
  /** actor → timer id → its live slot */
  private readonly byActor = new Map<string, Map<string, Slot>>();
  private heap: Slot[] = [];
  private count = 0;

  get size(): number {
    return this.count;
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
    const timers = this.byActor.get(actorId);
    const slot = timers?.get(id);
    if (!slot) return;
    slot.alive = false;
    timers!.delete(id);
    this.count--;
  }

  forActor(actorId: string): TimerRecord[] {
    const timers = this.byActor.get(actorId);
    return timers ? [...timers.values()].map((slot) => slot.record).sort(compare) : [];
  }

  nextDueTime(): number | null {
    this.dropDead();
    return this.heap[0]?.record.due ?? null;
  }

  /** Pop every timer due at or before `now`, in firing order; repeating ones are rescheduled. */
  takeDue(now: number): TimerRecord[] {
    const fired: TimerRecord[] = [];
    for (;;) {
      this.dropDead();
      const top = this.heap[0];
      if (!top || top.record.due > now) break;
      this.pop();
      const { record } = top;
      this.cancel(record.actorId, record.id);
      fired.push(record);
      const again = record.every !== undefined || record.daily !== undefined ? nextDue(record, Math.max(now, record.due)) : null;
      if (again !== null) this.put({ ...record, due: again });
    }
    return fired;
  }

  private put(record: TimerRecord): void {
    this.cancel(record.actorId, record.id); // setting an id again replaces the timer
    let timers = this.byActor.get(record.actorId);
    if (!timers) this.byActor.set(record.actorId, (timers = new Map()));
    const slot: Slot = { record, alive: true };
    timers.set(record.id, slot);
    this.count++;
    this.heap.push(slot);
    this.up(this.heap.length - 1);
  }

  private dropDead(): void {
    while (this.heap.length && !this.heap[0]!.alive) this.pop();
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
      if (compare(h[i]!.record, h[p]!.record) >= 0) break;
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
      if (l < h.length && compare(h[l]!.record, h[m]!.record) < 0) m = l;
      if (r < h.length && compare(h[r]!.record, h[m]!.record) < 0) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}

function compare(a: TimerRecord, b: TimerRecord): number {
  return a.due - b.due || (a.actorId < b.actorId ? -1 : a.actorId > b.actorId ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
