import { createMachine, enqueueActions, type AnyStateMachine } from 'xstate';
import type { ActorInput } from './input.ts';
import type { Delivered, Output } from './outputs.ts';

/**
 * Most world agents are one mode and many reactions: "on this event, compute a new context and some outputs".
 * `reducerMachine` turns such a table of pure functions into an XState machine (one state, so snapshots,
 * inspection and the runtime's `actor.on('*')` work as for any machine), and keeps each agent file small and
 * its rules testable as plain functions. Agents with real modes (NPCs, arcs, chains) are hand-written machines.
 *
 * @example
 * export const weatherMachine = reducerMachine({
 *   id: 'weather',
 *   context: (input) => ({ rng: input.seed, sky: 'clear' }),
 *   start: (ctx) => step(ctx, [timer({ id: 'shift', every: 3 * HOUR, event: { type: 'weather.shift' } })]),
 *   on: { 'weather.shift': (ctx, ev) => step({ ...ctx, sky: 'rain' }, [announce('Rain')]) },
 * });
 */
export interface Step<C> {
  context: C;
  out: Output[];
}

export const step = <C>(context: C, out: Output[] = []): Step<C> => ({ context, out });

export type Reaction<C> = (context: C, event: Delivered) => Step<C> | undefined;

export interface ReducerSpec<C> {
  id: string;
  context: (input: ActorInput & Record<string, unknown>) => C;
  /** runs once when the actor is first created (never on restore: timers are persisted by the runtime) */
  start?: (context: C) => Step<C>;
  on: Record<string, Reaction<C>>;
}

function apply<C>(reaction: Reaction<C>) {
  return enqueueActions((({ context, event, enqueue }: { context: C; event: Delivered; enqueue: any }) => {
    const result = reaction(context, event);
    if (!result) return;
    if (result.context !== context) enqueue.assign(() => result.context);
    for (const output of result.out) enqueue.emit(output);
  }) as never);
}

export function reducerMachine<C extends Record<string, unknown>>(spec: ReducerSpec<C>): AnyStateMachine {
  const on: Record<string, { actions: unknown }> = {};
  for (const [type, reaction] of Object.entries(spec.on)) on[type] = { actions: apply(reaction) };
  return createMachine({
    id: spec.id,
    context: ({ input }: { input: ActorInput & Record<string, unknown> }) => spec.context(input),
    entry: spec.start ? apply((ctx: C) => spec.start!(ctx)) : undefined,
    on,
  } as never);
}
