import { createHash } from 'node:crypto';
import { EVENT_TYPES } from '../contract/events.ts';
import { eventKey } from '../persistence/eventKey.ts';
import type { GameEvent, SnapshotStore, StoredActor } from '../persistence/types.ts';
import { injectionTimes, type Overrides } from './overrides.ts';

/**
 * How overrides reach a fork's world without touching a machine: on the fork's own copy of stored state before
 * it starts (prices, arc timers), and on the game events its players send (drops, monster numbers, injected
 * crowds). Pauses go through the runtime (fork/fastForward.ts). All of it is deterministic: a fork run twice
 * is the same run.
 */

/** Player ids of injected events start here, far from the synthetic players' 150001… */
export const INJECTED_PLAYER_BASE = 900_001;

/** A fraction in [0, 1) from an event's content: thinning and repeating events is the same on every run. */
function unitOf(e: GameEvent): number {
  return createHash('sha256').update(eventKey(e)).digest().readUInt32BE(0) / 2 ** 32;
}

/** Drops ×dropFactor (item_drop quantities), monsters ×spawnRate (monster_kill events thinned or repeated). */
export function shapeEvents(events: GameEvent[], o: Overrides): GameEvent[] {
  if (o.economy.dropFactor === 1 && o.spawnRate === 1) return events;
  const out: GameEvent[] = [];
  for (const e of events) {
    if (e.event_type === 'item_drop' && o.economy.dropFactor !== 1) {
      const p = { ...e.payload };
      for (const field of ['quantity', 'amount']) if (typeof p[field] === 'number') p[field] = Math.round((p[field] as number) * o.economy.dropFactor * 100) / 100;
      out.push({ ...e, payload: p });
    } else if (e.event_type === 'monster_kill' && o.spawnRate !== 1) {
      const copies = Math.floor(o.spawnRate) + (unitOf(e) < o.spawnRate % 1 ? 1 : 0);
      // a repeated kill is a kill a moment later (its own journal key)
      for (let n = 0; n < copies; n++) out.push(n === 0 ? e : { ...e, timestamp: e.timestamp + n });
    } else out.push(e);
  }
  return out;
}

/** The injected game events due in [from, to); `origin` is the fork point (for "+Nd" times). */
export function injectedEvents(o: Overrides, origin: number, from: number, to: number): GameEvent[] {
  const out: GameEvent[] = [];
  o.inject.forEach((inj, i) => {
    for (const at of injectionTimes(inj.at, origin, from, to)) {
      for (let n = 0; n < inj.count; n++) {
        const e: GameEvent = { event_id: `fork-inject:${i}:${at}:${n}`, event_type: inj.event_type, timestamp: at, priority: 'normal', payload: inj.payload };
        if (EVENT_TYPES[inj.event_type].needsPlayer) e.player_id = INJECTED_PLAYER_BASE + n;
        if (inj.map) e.map = inj.map;
        out.push(e);
      }
    }
  });
  return out;
}

function contextOfRow(row: StoredActor): { row: StoredActor; snapshot: any } {
  const snapshot = row.snapshot ?? (row.snapshotJson !== undefined ? JSON.parse(row.snapshotJson) : null);
  return { row, snapshot: structuredClone(snapshot) };
}

/**
 * Overrides on stored state, written to the run's overlay (never to the fork's place): every tracked item's
 * base price ×priceFactor (its current price, low and high with it), and the arc's timers f× sooner and f× as
 * frequent, with its pace set so arcs begun later keep it. Returns what it changed, for the report.
 */
export async function editStoredState(store: SnapshotStore, o: Overrides, now: number): Promise<string[]> {
  const changed: string[] = [];
  if (o.economy.priceFactor !== 1) {
    const [row] = await store.load(['economy:main']);
    const found = row && contextOfRow(row);
    if (found?.snapshot?.context?.quotes) {
      const f = o.economy.priceFactor;
      for (const q of Object.values(found.snapshot.context.quotes as Record<string, Record<string, number>>)) {
        for (const k of ['base', 'price', 'low', 'high']) if (typeof q[k] === 'number') q[k] = Math.round(q[k] * f * 100) / 100;
      }
      await store.save([{ ...found.row, snapshot: found.snapshot, snapshotJson: undefined }]);
      changed.push('economy:main quotes');
    }
  }
  if (o.arcPacing !== 1) {
    const [row] = await store.load(['arc:main']);
    if (row) {
      const p = o.arcPacing;
      const timers = row.timers.map((t) =>
        t.id === 'arc.begin' || t.id === 'arc.chapter'
          ? { ...t, due: Math.round(now + Math.max(0, t.due - now) / p), ...(t.every ? { every: Math.round(t.every / p) } : {}) }
          : t,
      );
      const { snapshot } = contextOfRow(row);
      // the arc in progress by its timers, every later arc by its pace (machines/arc.ts)
      if (snapshot?.context) snapshot.context.pace = p;
      await store.save([{ ...row, snapshot, snapshotJson: undefined, timers }]);
      changed.push('arc:main timers and pace');
    }
  }
  return changed;
}
