/**
 * The messages the runtime carries, declared here because the runtime defines them: what an actor receives
 * (`PlainEvent` stamped with `EventMeta`) and what it may ask of the world (`Output`). Machines build outputs
 * with the helpers in `machines/kit/outputs.ts`, which re-exports these types.
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
  /** several outputs in order, from one XState `emit` (see machines/kit/run.ts); hosts unwrap it */
  batch: 'midgard.batch',
} as const;

export type Output =
  | { type: typeof OUTPUT.send; to: ActorId; event: PlainEvent }
  | { type: typeof OUTPUT.publish; topic: string; event: PlainEvent }
  | { type: typeof OUTPUT.effect; effect: Effect }
  | { type: typeof OUTPUT.timer; timer: TimerSpec }
  | { type: typeof OUTPUT.cancelTimer; id: string }
  | { type: typeof OUTPUT.batch; outputs: Output[] };
