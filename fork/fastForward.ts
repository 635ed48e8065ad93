import { Runtime } from '../runtime/Runtime.ts';
import { bridgeActionHandler } from '../actors/effects/bridgeActionHandler.ts';
import { dispatchGameEvent } from '../actors/routeGameEvent.ts';
import { eventKey } from '../persistence/eventKey.ts';
import type { GameEvent, SnapshotStore } from '../persistence/types.ts';
import { PgJournal } from '../persistence/pg/PgJournal.ts';
import { DAY, MINUTE } from '../machines/kit/time.ts';
import { PlayerPopulation } from '../world/players.ts';
import { runAnswering, TickAlignedAi } from '../world/simAi.ts';
import { Collector, type RunReport } from './Collector.ts';
import { forkAi, recordedDecisions } from './forkAi.ts';
import { OverlayStore } from './OverlayStore.ts';
import type { ForkPlace } from './ForkPlace.ts';
import type { ForkInfo } from './createFork.ts';
import { describeOverrides, type Overrides, NO_OVERRIDES, OverrideError } from './overrides.ts';
import { editStoredState, shapeEvents, injectedEvents } from './applyOverrides.ts';

/**
 * Fast-forward a fork: restore its world (read from its place, written only to memory: fork/OverlayStore.ts),
 * route the journal events its checkpoint had not covered, apply the overrides, and run N virtual days as fast
 * as the machine goes. A synthetic player population (world/players.ts, seeded) plays, so a fork and its
 * baseline see the same players; bridge actions go to the report, never to an outbox; AI answers come from
 * fork/forkAi.ts one tick after asking, as in `midgard sim`.
 *
 * @example
 * const report = await fastForward(place, { days: 7, overrides });
 */
export interface FastForwardOptions {
  days: number;
  overrides?: Overrides;
  /** virtual ms per tick (default one minute, as `midgard sim`) */
  tickMs?: number;
  workers?: number;
  /** USD the fork may spend on real models (default 0) */
  budgetUsd?: number;
  env?: Record<string, string | undefined>;
  onProgress?: (done: number) => void;
}

export interface ForkRunReport extends RunReport {
  fork: { id: string; from: string; checkpoint: ForkInfo['checkpoint'] };
  overrides: Overrides;
  changes: string[];
  wall: { seconds: number; simDaysPerSecond: number };
}

const SLICE = 15 * MINUTE;
const catalogue = new URL('../actors/catalogue.ts', import.meta.url);

export async function fastForward(place: ForkPlace, options: FastForwardOptions): Promise<ForkRunReport> {
  const started = performance.now();
  const overrides = options.overrides ?? NO_OVERRIDES;
  if (!(options.days > 0 && options.days <= 365)) throw new OverrideError('days must be > 0 and at most 365');
  const info = await place.info<ForkInfo>();
  if (!info) throw new Error(`fork '${place.id}' has no fork_info: it was not made by createFork`);
  const store: SnapshotStore = new OverlayStore(place.store());
  await editStoredState(store, overrides, info.checkpoint.now);
  const runtime = await Runtime.create({
    catalogue, workers: options.workers ?? 0, seed: info.seed, store, restore: true, tickMs: options.tickMs ?? MINUTE, speed: 'max',
    passivateAfterMs: 8 * 3_600_000, snapshotEveryTicks: 720, flushEveryTicks: 1440, maxPerTick: 5000,
  });
  try {
    for (const target of overrides.pause) {
      if (target.includes(':')) runtime.pause({ actor: target });
      else if (runtime.kinds.has(target)) runtime.pause({ kind: target });
      else throw new OverrideError(`pause: unknown actor kind '${target}' (kinds: ${[...runtime.kinds.keys()].join(', ')})`);
    }
    const collector = new Collector();
    let emitter = '';
    const handleAction = bridgeActionHandler({ enqueue: (action) => {
      collector.action(action, emitter);
      players.observe(action, runtime.clock().now);
    }, onReject: (_a, verdict) => collector.refused(verdict.rule) });
    runtime.onEffect('bridge.action', (effect, ctx) => {
      emitter = ctx.actorId;
      return handleAction(effect, ctx);
    });
    const ai = await forkAi({ decisions: await recordedDecisions(place.sql), budgetUsd: options.budgetUsd, env: options.env, seed: info.seed });
    const tickAligned = new TickAlignedAi(ai.router);
    runtime.onEffect('ai.decide', (effect, ctx) => {
      collector.aiAsked(String((effect.request as { purpose?: unknown })?.purpose ?? '?'));
      return tickAligned.handler(effect, ctx);
    });

    // what a restart of the live world would do first: route what was journaled after the checkpoint
    const journal = new PgJournal(place.sql);
    const extras = runtime.restoredExtras as { journalSeq?: number } | undefined;
    for (let seq = extras?.journalSeq ?? (await journal.appliedUpTo()), page = await journal.after(seq, 1000); page.length; page = await journal.after(seq, 1000)) {
      for (const e of page) if (!e.held) dispatchGameEvent((to, m, trace) => runtime.send(to, m, 'game', trace), e, e.key);
      seq = page.at(-1)!.seq;
    }

    const npcs = runtime.listActors({ kind: 'npc', limit: 1 }).total;
    const playersCount = overrides.players ?? Math.max(20, Math.round(npcs / 20));
    const players = new PlayerPopulation({ players: playersCount, npcs, seed: info.seed });
    const start = runtime.clock().now;
    const end = start + options.days * DAY;
    let game = 0;
    let injected = 0;
    let nextDay = start + DAY;
    await collector.sampleDay(runtime, 0); // where the fork starts: the first point of every series
    for (let t = start; t < end; t += SLICE) {
      const until = Math.min(end, t + SLICE);
      const events: GameEvent[] = shapeEvents(players.eventsFor(t, until), overrides);
      const extra = injectedEvents(overrides, start, t, until);
      injected += extra.length;
      for (const e of [...events, ...extra].sort((a, b) => a.timestamp - b.timestamp)) {
        dispatchGameEvent((to, m, trace) => runtime.send(to, m, 'game', trace), e, eventKey(e));
      }
      game += events.length;
      await runAnswering(runtime, tickAligned, until);
      while (runtime.clock().now >= nextDay) {
        await collector.sampleDay(runtime, Math.round((nextDay - start) / DAY));
        nextDay += DAY;
      }
      options.onProgress?.((until - start) / (end - start));
    }
    await tickAligned.settle();
    const report = await collector.finish(runtime, { start, days: options.days, npcs, players: playersCount, game, injected, router: ai.router.stats(), costUsd: ai.costUsd() });
    const seconds = (performance.now() - started) / 1000;
    return {
      fork: { id: info.id, from: info.from, checkpoint: info.checkpoint },
      overrides, changes: describeOverrides(overrides), ...report,
      wall: { seconds: Math.round(seconds * 1000) / 1000, simDaysPerSecond: Math.round((options.days / seconds) * 1000) / 1000 },
    };
  } finally {
    await runtime.stop();
  }
}
