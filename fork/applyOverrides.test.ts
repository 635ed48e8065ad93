import { drive } from '../machines/kit/drive.ts';
import { OUTPUT } from '../machines/kit/outputs.ts';
import { arcMachine } from '../machines/arc.ts';
import { describe, expect, it } from 'vitest';
import { editStoredState, injectedEvents, INJECTED_PLAYER_BASE, shapeEvents } from './applyOverrides.ts';
import { parseOverrides } from './overrides.ts';
import { MemorySnapshotStore } from '../persistence/memory/MemorySnapshotStore.ts';
import type { GameEvent } from '../persistence/types.ts';
import { DAY, HOUR } from '../machines/kit/time.ts';

const T = Date.UTC(2026, 0, 2);
const kill = (i: number): GameEvent => ({ event_type: 'monster_kill', player_id: 150001 + i, timestamp: T + i, priority: 'normal', payload: { monster_id: 1002 } });
const drop: GameEvent = { event_type: 'item_drop', player_id: 150001, timestamp: T, priority: 'normal', payload: { item_id: 909, quantity: 2 } };

describe('overrides on events', () => {
  it('multiply drops', () => {
    const [shaped] = shapeEvents([drop], parseOverrides({ economy: { dropFactor: 2.5 } }));
    expect(shaped!.payload.quantity).toBe(5);
    expect(drop.payload.quantity).toBe(2); // the input is not changed
  });

  it('scale monster kills, the same way on every run', () => {
    const kills = Array.from({ length: 1000 }, (_, i) => kill(i));
    const doubled = shapeEvents(kills, parseOverrides({ spawnRate: 2 }));
    expect(doubled.length).toBe(2000);
    const thinned = shapeEvents(kills, parseOverrides({ spawnRate: 0.5 }));
    expect(thinned.length).toBeGreaterThan(400);
    expect(thinned.length).toBeLessThan(600);
    expect(shapeEvents(kills, parseOverrides({ spawnRate: 0.5 }))).toEqual(thinned);
  });

  it('inject crowds with players of their own', () => {
    const o = parseOverrides({ inject: [{ at: '20:00', event_type: 'player_login', count: 500, map: 'prontera' }] });
    const events = injectedEvents(o, T, T, T + DAY);
    expect(events).toHaveLength(500);
    expect(events[0]).toMatchObject({ event_type: 'player_login', player_id: INJECTED_PLAYER_BASE, map: 'prontera', timestamp: T + 20 * HOUR });
    expect(new Set(events.map((e) => e.event_id)).size).toBe(500);
    expect(injectedEvents(o, T, T, T + 12 * HOUR)).toEqual([]);
  });
});

describe('overrides on stored state', () => {
  it('scale prices and arc timers in the copy', async () => {
    const store = new MemorySnapshotStore();
    const now = T;
    await store.save([
      { id: 'economy:main', kind: 'economy', version: 3, snapshot: { context: { quotes: { 909: { base: 10, price: 12, low: 8, high: 15, supply: 0, demand: 0 } } } }, timers: [], mailbox: [], paused: false, updatedAt: now },
      { id: 'arc:main', kind: 'arc', version: 2, snapshot: { context: {} }, timers: [
        { actorId: 'arc:main', id: 'arc.chapter', event: { type: 'arc.chapter' }, due: now + 3 * DAY, every: 3 * DAY },
        { actorId: 'arc:main', id: 'arc.begin', event: { type: 'arc.begin' }, due: now + 14 * DAY },
      ], mailbox: [], paused: false, updatedAt: now },
    ]);
    const changed = await editStoredState(store, parseOverrides({ economy: { priceFactor: 2 }, arcPacing: 2 }), now);
    expect(changed).toEqual(['economy:main quotes', 'arc:main timers and pace']);
    const [economy, arc] = await store.load(['economy:main', 'arc:main']);
    expect((economy!.snapshot as any).context.quotes[909]).toEqual({ base: 20, price: 24, low: 16, high: 30, supply: 0, demand: 0 });
    expect(arc!.timers.map((t) => [t.id, t.due - now, t.every])).toEqual([['arc.chapter', 1.5 * DAY, 1.5 * DAY], ['arc.begin', 7 * DAY, undefined]]);
    expect((arc!.snapshot as any).context.pace).toBe(2);
  });

  it('an arc begun after the fork point keeps the pace', () => {
    const paced = drive(arcMachine, 'arc:main', {}, { now: T });
    (paced.actor.getSnapshot().context as { pace?: number }).pace = 2;
    paced.send({ type: 'arc.begin' }, { now: T });
    const timers = paced.outputs.filter((o: any) => o.type === OUTPUT.timer).map((o: any) => o.timer);
    expect(timers.find((t: any) => t.id === 'arc.chapter')).toMatchObject({ every: 1.5 * DAY });
    expect(timers.find((t: any) => t.id === 'arc.begin')).toMatchObject({ at: T + 7 * DAY });
  });
});
