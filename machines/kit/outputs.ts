/**
 * What a machine may ask of the world. Machines stay pure: they never touch I/O, clocks or other actors
 * directly. They `emit` one of these output events and the runtime (which listens with `actor.on('*')`)
 * carries it out: messages are delivered next tick, effects go to handlers on the main thread, timers live
 * in the runtime's world clock and are persisted with the actor.
 *
 * @example
 * import { emit } from 'xstate';
 * import { batch, message, timer } from '../kit/outputs.ts';
 * // one output
 * entry: emit(({ context }) => message(context.friend, { type: 'gossip', rumour: 'orc lord seen' })),
 * // several, decided at run time (or a rule with `run()` from run.ts, which also assigns)
 * actions: emit(({ context }) => batch([...context.neighbours.map((to) => message(to, { type: 'news' })), timer({ id: 'wake', daily: '06:00', event: { type: 'wake' } })])),
 */

export { OUTPUT, type ActorId, type PlainEvent, type EventMeta, type Delivered, type Effect, type TimerSpec, type Output } from '../../runtime/messages.ts';
import { OUTPUT, type ActorId, type PlainEvent, type Effect, type TimerSpec, type Output } from '../../runtime/messages.ts';

/** A message to one actor, delivered at the next tick. */
export const message = (to: ActorId, event: PlainEvent): Output => ({ type: OUTPUT.send, to, event });

/** A message to every actor subscribed to `topic`, delivered at the next tick. */
export const broadcast = (topic: string, event: PlainEvent): Output => ({ type: OUTPUT.publish, topic, event });

/** Hand work with side effects to the main thread; any reply returns as an ordinary event. */
export const effect = (e: Effect): Output => ({ type: OUTPUT.effect, effect: e });

export const timer = (spec: TimerSpec): Output => ({ type: OUTPUT.timer, timer: spec });

export const cancelTimer = (id: string): Output => ({ type: OUTPUT.cancelTimer, id });

/** Several outputs from one XState `emit`, in order (an `emit` returns one event; hosts unwrap this one). */
export const batch = (outputs: Output[]): Output => ({ type: OUTPUT.batch, outputs }) as Output;

export const isOutput = (e: { type: string }): e is Output => e.type.startsWith('midgard.');
