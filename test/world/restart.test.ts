import { describe, expect, it } from 'vitest';
import { Runtime } from '../../runtime/Runtime.ts';
import { MemorySnapshotStore } from '../../persistence/memory/MemorySnapshotStore.ts';
import { bootstrapWorld } from '../../actors/bootstrap.ts';
import { dispatchGameEvent } from '../../actors/routeGameEvent.ts';
import { PlayerPopulation } from '../../world/players.ts';
import { DAY, HOUR } from '../../machines/kit/time.ts';
import type { SnapshotStore } from '../../persistence/types.ts';

const catalogue = new URL('../../actors/catalogue.ts', import.meta.url);
const NPCS = 100;
const SEED = 17;
const START = Date.UTC(2026, 0, 1);

async function open(store: SnapshotStore, restore: boolean) {
  const runtime = await Runtime.create({ catalogue, workers: 0, seed: SEED, store, tickMs: 60_000, startTime: START, speed: 'max', restore });
  runtime.onEffect('ai.decide', (effect, ctx) => ctx.reply({ type: 'ai.decision', requestId: (effect.request as { requestId: string }).requestId, tier: 'rules', provider: 'template', fallback: true }));
  return runtime;
}

/** Game events for [from, to) in hour slices; the population is recreated identically in both worlds. */
async function play(runtime: Runtime, players: PlayerPopulation, from: number, to: number) {
  for (let t = from; t < to; t += HOUR) {
    for (const e of players.eventsFor(t, t + HOUR)) dispatchGameEvent((to, event, trace) => runtime.send(to, event, 'game', trace), e);
    await runtime.runUntil(t + HOUR);
  }
}

describe('the world survives a restart', () => {
  it('stopping after day 1 and restoring from the snapshot store gives the same world on day 2 as never stopping', async () => {
    // uninterrupted
    const a = await open(new MemorySnapshotStore(), false);
    const playersA = new PlayerPopulation({ players: 20, npcs: NPCS, seed: SEED });
    bootstrapWorld((to, event, trace) => a.send(to, event, 'bootstrap', trace), NPCS);
    await play(a, playersA, START, START + DAY);
    await a.flush();
    await play(a, playersA, START + DAY, START + 2 * DAY);
    const uninterrupted = await a.worldHash();
    await a.stop();

    // stopped at the end of day 1, restored from its checkpoint
    const store = new MemorySnapshotStore();
    const b1 = await open(store, false);
    const playersB = new PlayerPopulation({ players: 20, npcs: NPCS, seed: SEED });
    bootstrapWorld((to, event, trace) => b1.send(to, event, 'bootstrap', trace), NPCS);
    await play(b1, playersB, START, START + DAY);
    await b1.stop(); // flushes a checkpoint
    const b2 = await open(store, true);
    expect(b2.clock().now).toBe(START + DAY);
    await play(b2, playersB, START + DAY, START + 2 * DAY);
    const restarted = await b2.worldHash();
    const pipeline = (await b2.getActor('pipeline:main'))?.snapshot as { context: { runs: Record<string, number> } };
    await b2.stop();

    expect(pipeline.context.runs.problem).toBe(2); // day 2's timers were restored and fired
    expect(restarted).toBe(uninterrupted);
  });
});
