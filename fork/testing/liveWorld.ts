import type { Sql } from 'postgres';
import { Runtime } from '../../runtime/Runtime.ts';
import { bootstrapWorld } from '../../actors/bootstrap.ts';
import { dispatchGameEvent } from '../../actors/routeGameEvent.ts';
import { bridgeActionHandler } from '../../actors/effects/bridgeActionHandler.ts';
import { PgJournal, PgOutbox, PgSnapshotStore } from '../../persistence/pg/index.ts';
import { PgDecisionRecorder } from '../../persistence/pg/PgDecisionRecorder.ts';
import { AiRouter } from '../../ai/AiRouter.ts';
import { aiEffectHandler } from '../../ai/effectHandler.ts';
import { MINUTE } from '../../machines/kit/time.ts';
import { PlayerPopulation } from '../../world/players.ts';
import { InputLog } from '../InputLog.ts';
import { archiveCheckpoint } from '../archive.ts';

/**
 * A live world for tests and the benchmark, wired the way app/createMidgard.ts wires one (snapshot store,
 * journal routed with its keys, outbox behind the anti-cheat, AI decisions recorded, checkpoints carrying the
 * journal position and the input log) but driven by hand: synthetic players' events are journaled, then routed,
 * slice by slice. Returns the live world's tables in `sql`'s schema, as a running world leaves them.
 *
 * @example
 * const live = await liveWorld(sql, { npcs: 200, hours: 6, seed: 7 });
 */
export interface LiveWorldOptions {
  npcs: number;
  hours: number;
  seed: number;
  tickMs?: number;
  /** checkpoint every N ticks (default 30) */
  checkpointTicks?: number;
  /** journal the last slice's events without routing them, as if the world stopped before they were applied */
  unrouted?: number;
  /** archive every checkpoint aside (fork/archive.ts), for forks and replays from it */
  archive?: boolean;
  onProgress?: (done: number) => void;
}

export async function liveWorld(sql: Sql, options: LiveWorldOptions): Promise<{ journaled: number; unrouted: number; actions: number; tick: number }> {
  const store = new PgSnapshotStore(sql);
  const journal = new PgJournal(sql);
  const outbox = new PgOutbox(sql);
  const inputs = new InputLog();
  let routedSeq = 0;
  const tickMs = options.tickMs ?? MINUTE;
  const runtime = await Runtime.create({
    catalogue: new URL('../../actors/catalogue.ts', import.meta.url), workers: 0, seed: options.seed, store, restore: true,
    tickMs, speed: 'max', passivateAfterMs: 8 * 3_600_000,
    snapshotEveryTicks: options.checkpointTicks ?? 30, flushEveryTicks: options.checkpointTicks ?? 30, maxPerTick: 5000,
    checkpointExtras: () => ({ journalSeq: routedSeq, ...inputs.extras(runtime, tickMs) }),
    onCheckpoint: async (extras) => {
      await journal.markApplied((extras as { journalSeq: number }).journalSeq);
      await inputs.persist(sql);
      if (options.archive) await archiveCheckpoint(sql);
    },
  });
  inputs.attach(runtime);
  let actions = 0;
  runtime.onEffect('bridge.action', bridgeActionHandler({ enqueue: async (a) => void (actions += (await outbox.enqueue([a])).length) }));
  runtime.onEffect('ai.decide', aiEffectHandler(new AiRouter({ recorder: new PgDecisionRecorder(sql), batchWindowMs: 0, deadlines: false, worldSeed: options.seed })));
  bootstrapWorld((to, event, trace) => runtime.send(to, event, 'bootstrap', trace), options.npcs);
  const players = new PlayerPopulation({ players: Math.max(20, Math.round(options.npcs / 20)), npcs: options.npcs, seed: options.seed });
  const start = runtime.clock().now;
  const end = start + options.hours * 60 * MINUTE;
  let journaled = 0;
  const slice = 15 * MINUTE;
  for (let t = start; t < end; t += slice) {
    const { accepted } = await journal.append(players.eventsFor(t, t + slice));
    journaled += accepted.length;
    for (const e of accepted) {
      dispatchGameEvent((to, m, trace) => runtime.send(to, m, 'game', trace), e, e.key);
      routedSeq = e.seq;
    }
    // tick by tick, as the live clock runs (AI answers land between ticks, whenever they resolve)
    while (runtime.clock().now < t + slice) {
      await runtime.tick();
      await new Promise((resolve) => setImmediate(resolve));
    }
    options.onProgress?.((t + slice - start) / (end - start));
  }
  await runtime.stop();
  let unrouted = 0;
  if (options.unrouted) {
    const { accepted } = await journal.append(players.eventsFor(end, end + slice).slice(0, options.unrouted));
    journaled += accepted.length;
    unrouted = accepted.length;
  }
  return { journaled, unrouted, actions, tick: runtime.clock().tick };
}
