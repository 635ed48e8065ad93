import { reducerLogic, step } from './kit/reducer.ts';
import { message, timer } from './kit/outputs.ts';
import { FACTIONS, SYSTEM, factionId } from './kit/ids.ts';
import { dayOf } from './kit/time.ts';

/**
 * The daily content pipeline (`pipeline:main`): the mission's schedule as runtime timers (virtual UTC), each
 * firing a `pipeline.run` at the agent that generates that content. The pipeline only keeps time and counts;
 * generation, spawning and expiry live in each agent.
 *
 * @example
 * runtime.send('pipeline:main', { type: 'pipeline.start' }); // creates the actor, which arms its timers
 */
export const SCHEDULE = [
  { slot: 'problem', at: '00:00', to: SYSTEM.problem },
  { slot: 'dungeon', at: '00:15', to: SYSTEM.dungeon },
  { slot: 'hazard', at: '00:30', to: SYSTEM.hazard },
  { slot: 'treasure', at: '01:00', to: SYSTEM.treasure },
  { slot: 'archaeology', at: '02:00', to: SYSTEM.archaeology },
  { slot: 'visitor', at: '06:00', to: SYSTEM.visitor },
  { slot: 'social', at: '07:00', to: SYSTEM.social },
] as const;

/** Actors with timers of their own (digest, rebalance, weather, noon roll, boss, arcs, faction reports). */
export const ALWAYS_ON = [SYSTEM.world, SYSTEM.economy, SYSTEM.weather, SYSTEM.worldevent, SYSTEM.boss, SYSTEM.arc, ...FACTIONS.map(factionId)];

export interface PipelineContext extends Record<string, unknown> {
  runs: Record<string, number>;
  lastDay: Record<string, number>;
}

export const pipelineMachine = reducerLogic<PipelineContext>({
  id: 'pipeline',
  context: () => ({ runs: {}, lastDay: {} }),
  start: (ctx) => step(ctx, SCHEDULE.map((s) => timer({ id: s.slot, daily: s.at, event: { type: 'pipeline.fire', slot: s.slot } }))),
  on: {
    // Starting the pipeline starts the world: singletons arm their own timers when first created.
    'pipeline.start': (ctx) => step(ctx, ALWAYS_ON.map((to) => message(to, { type: 'actor.start' }))),
    'pipeline.fire': (ctx, ev) => {
      const entry = SCHEDULE.find((s) => s.slot === ev.slot);
      const day = dayOf(ev.meta.now);
      // A timer replayed after a crash must not run a day's slot twice.
      if (!entry || ctx.lastDay[entry.slot] === day) return undefined;
      return step(
        { runs: { ...ctx.runs, [entry.slot]: (ctx.runs[entry.slot] ?? 0) + 1 }, lastDay: { ...ctx.lastDay, [entry.slot]: day } },
        [message(entry.to, { type: 'pipeline.run', slot: entry.slot, day })],
      );
    },
  },
});
