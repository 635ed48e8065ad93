import { assign, emit, setup } from 'xstate';
import type { ActorInput } from './kit/input.ts';
import { message, timer, type Delivered, type Output } from './kit/outputs.ts';
import { dayOf } from './kit/time.ts';

/**
 * The daily content pipeline (`pipeline:main`): the day's schedule as runtime timers (virtual UTC), each firing a
 * `pipeline.run` at the agent that generates that content. The pipeline only keeps time and counts; generation,
 * spawning and expiry live in each agent. The schedule is not written here: it is every kind's `daily` slot
 * (`machines/<kind>.kind.ts`), collected by `actors/kinds.ts`, which builds this machine from it.
 *
 * One mode, `scheduling`; the diagram shows its rule: a slot runs when it is due (not run yet on this game day),
 * so a timer replayed after a crash, or the game's own `daily_reset`, never runs a day's slot twice.
 *
 * @example
 * const pipeline = pipelineMachine([{ slot: 'problem', at: '00:00', to: 'problem:main' }], ['world:main']);
 * runtime.send('pipeline:main', { type: 'pipeline.start' }); // wakes every actor that keeps time of its own
 */
export interface Slot {
  slot: string;
  /** `HH:MM`, virtual UTC */
  at: string;
  /** the actor that runs it */
  to: string;
}

export interface PipelineContext {
  /** runs per slot since the world began */
  runs: Record<string, number>;
  /** the game day each slot last ran */
  lastDay: Record<string, number>;
}

type Ev = Delivered & Record<string, any>;

export function pipelineMachine(schedule: readonly Slot[], timekeepers: readonly string[]) {
  const bySlot = new Map(schedule.map((s) => [s.slot, s]));
  return setup({
    types: {} as { context: PipelineContext; events: Ev; input: ActorInput; emitted: Output },
    guards: {
      slotDue: ({ context, event }) => bySlot.has(event.slot) && context.lastDay[event.slot] !== dayOf(event.meta.now),
    },
    actions: {
      countRun: assign(({ context, event }) => ({
        runs: { ...context.runs, [event.slot]: (context.runs[event.slot] ?? 0) + 1 },
        lastDay: { ...context.lastDay, [event.slot]: dayOf(event.meta.now) },
      })),
      runSlot: emit(({ event }) => message(bySlot.get(event.slot)!.to, { type: 'pipeline.run', slot: event.slot, day: dayOf(event.meta.now) })),
    },
  }).createMachine({
    id: 'pipeline',
    context: () => ({ runs: {}, lastDay: {} }),
    // armed once, when the actor is created (a restored pipeline keeps its persisted timers)
    entry: schedule.map((s) => emit(timer({ id: s.slot, daily: s.at, event: { type: 'pipeline.fire', slot: s.slot } }))),
    initial: 'scheduling',
    states: {
      scheduling: {
        on: {
          // Starting the pipeline starts the world: singletons arm their own timers when first created.
          'pipeline.start': { actions: timekeepers.map((to) => emit(message(to, { type: 'actor.start' }))) },
          'pipeline.fire': { guard: 'slotDue', actions: ['countRun', 'runSlot'] },
        },
      },
    },
  });
}
