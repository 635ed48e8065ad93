/**
 * What a machine may ask of the world. Machines stay pure: they never touch I/O, clocks or other actors
 * directly. They `emit` one of these output events and the runtime (which listens with `actor.on('*')`)
 * carries it out: messages are delivered next tick, effects go to handlers on the main thread, timers live
 * in the runtime's world clock and are persisted with the actor.
 *
 * @example
 * import { emit, enqueueActions } from 'xstate';
 * import { message, effect, timer } from '../kit/outputs.ts';
 * // one output
 * entry: emit(({ context }) => message(context.friend, { type: 'gossip', rumour: 'orc lord seen' })),
 * // several, decided at run time
 * actions: enqueueActions(({ enqueue, context }) => {
 *   for (const to of context.neighbours) enqueue.emit(message(to, { type: 'news' }));
 *   enqueue.emit(timer({ id: 'wake', daily: '06:00', event: { type: 'wake' } }));
 * }),
 */

export type ActorId = string;

/** Any event a machine sends or receives: a `type` plus plain JSON fields. */
export interface PlainEvent {
  type: string;
  [field: string]: unknown;
}

/** Stamped by the runtime on every delivered event: virtual time, sender and tick, so replays are exact. */
export interface EventMeta {
  /** virtual epoch milliseconds of the tick that delivers the event */
  now: number;
  /** sender: an actor id, or `game`, `timer`, `admin`, `effect`, `external` */
  from: string;
  tick: number;
}

export type Delivered<E extends PlainEvent = PlainEvent> = E & { meta: EventMeta };

/** Anything the main thread should do on a machine's behalf (bridge action, LLM request, log line…). */
export interface Effect {
  kind: string;
  [field: string]: unknown;
}

/**
 * A timer owned by the runtime. Exactly one of `at`, `delay`, `every` or `daily` says when.
 * `every` repeats every N virtual ms; `daily` ("HH:MM", virtual UTC) fires once per sim-day.
 * Setting a timer with an existing id replaces it.
 */
export interface TimerSpec {
  id: string;
  event: PlainEvent;
  at?: number;
  delay?: number;
  every?: number;
  daily?: string;
}

export const OUTPUT = {
  send: 'midgard.send',
  publish: 'midgard.publish',
  effect: 'midgard.effect',
  timer: 'midgard.timer',
  cancelTimer: 'midgard.timer.cancel',
} as const;

export type Output =
  | { type: typeof OUTPUT.send; to: ActorId; event: PlainEvent }
  | { type: typeof OUTPUT.publish; topic: string; event: PlainEvent }
  | { type: typeof OUTPUT.effect; effect: Effect }
  | { type: typeof OUTPUT.timer; timer: TimerSpec }
  | { type: typeof OUTPUT.cancelTimer; id: string };

/** A message to one actor, delivered at the next tick. */
export const message = (to: ActorId, event: PlainEvent): Output => ({ type: OUTPUT.send, to, event });

/** A message to every actor subscribed to `topic`, delivered at the next tick. */
export const broadcast = (topic: string, event: PlainEvent): Output => ({ type: OUTPUT.publish, topic, event });

/** Hand work with side effects to the main thread; any reply returns as an ordinary event. */
export const effect = (e: Effect): Output => ({ type: OUTPUT.effect, effect: e });

export const timer = (spec: TimerSpec): Output => ({ type: OUTPUT.timer, timer: spec });

export const cancelTimer = (id: string): Output => ({ type: OUTPUT.cancelTimer, id });

export const isOutput = (e: { type: string }): e is Output => e.type.startsWith('midgard.');
