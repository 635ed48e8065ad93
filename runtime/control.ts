import type { Effect, PlainEvent } from './messages.ts';

/**
 * The runtime's public surface, as the gateway, the CLI and the visualizer see it.
 * `Runtime` implements it; tests of the gateway may use the real runtime with a small catalogue.
 */

export type ControlTarget = { actor: string } | { kind: string } | { world: true };

export interface Transition {
  actorId: string;
  tick: number;
  now: number;
  event: PlainEvent;
  from: unknown; // XState state value before
  to: unknown; // and after
  contextDiff: Record<string, { before: unknown; after: unknown }>;
}

export interface ActorSummary {
  id: string;
  kind: string;
  /** the state value of its snapshot, flattened ("idle", "working.gathering"); '' before it has one (status new) */
  state: string;
  /** new: registered (mail is on its way) but never run, so no snapshot yet; active: resident; passive: stored; failed: being rebuilt */
  status: 'new' | 'active' | 'passive' | 'failed';
  paused: boolean;
  mailbox: number;
  errors: number;
}

export interface ActorDetail extends ActorSummary {
  snapshot: unknown; // persisted snapshot (value, context, …)
  timers: TimerRecord[];
  mailboxPreview: Envelope[];
  recentTransitions: Transition[];
}

export interface TimerRecord {
  actorId: string;
  id: string;
  event: PlainEvent;
  due: number; // virtual epoch ms
  every?: number;
  daily?: string;
}

/** A message waiting in a mailbox. `seq` is the runtime-wide order in which it was enqueued. */
export interface Envelope {
  to: string;
  event: PlainEvent;
  from: string;
  seq: number;
  /**
   * Causal trace: the journal key of the game event (or timer firing, or admin send) that started the chain,
   * hashed with each hop. Effect ids derive from it, so a replay after a crash yields the same action ids.
   */
  trace: string;
}

export interface DeadLetter {
  actorId: string;
  event: PlainEvent;
  error: string;
  tick: number;
  now: number;
}

export interface ClockState {
  now: number;
  tick: number;
  tickMs: number;
  /** 1 = real time, N = N× faster, 'max' = as fast as possible */
  speed: number | 'max';
  paused: boolean;
}

export interface RuntimeStats {
  /** virtual tick number: (now - start) / tickMs, idle stretches included */
  tick: number;
  /** ticks actually executed (simulation skips idle stretches) */
  ticksRun: number;
  registered: number;
  active: number;
  passive: number;
  eventsDelivered: number;
  messagesSent: number;
  effectsEmitted: number;
  failures: number;
  restarts: number;
  passivations: number;
  activations: number;
  workerRebuilds: number;
  deadLetters: number;
}

export interface ListQuery {
  kind?: string;
  state?: string;
  paused?: boolean;
  status?: ActorSummary['status'];
  /** only actors that have failed at least once */
  failed?: boolean;
  q?: string; // substring of the id
  offset?: number;
  limit?: number;
}

/** One effect as handed to a handler, with a way to answer the actor that emitted it. */
export interface EffectContext {
  /** deterministic and unique: `<actorId>/<trace>`, the trace hashed from the causal chain that led here (game
   * event or timer → messages → this effect), never from tick numbers. Use it as an idempotency key (the bridge
   * action_id, the AI decision record), so a replay after a crash produces the same ids. */
  id: string;
  actorId: string;
  tick: number;
  now: number;
  /** deliver an event back to the emitting actor (or any actor) on the next tick */
  reply(event: PlainEvent, to?: string): void;
}

export type EffectHandler = (effect: Effect, ctx: EffectContext) => void | Promise<void>;

export interface WorldControl {
  clock(): ClockState;
  stats(): RuntimeStats;
  setSpeed(speed: number | 'max'): void;
  /** Enqueue an event for an actor (created on first message). */
  send(to: string, event: PlainEvent, from?: string): void;
  publish(topic: string, event: PlainEvent, from?: string): void;
  pause(target: ControlTarget): void;
  resume(target: ControlTarget): void;
  isPaused(target: ControlTarget): boolean;
  /** Deliver exactly one queued message to a (paused or not) actor and report what it did. */
  step(actorId: string): Promise<Transition | null>;
  /** Advance the world clock one tick (works while the world is paused). */
  stepWorld(): Promise<void>;
  listActors(query: ListQuery): { total: number; items: ActorSummary[] };
  /** How many actors are in each state, per kind (the whole world, not a page). */
  census?(): { kind: string; state: string; count: number }[];
  getActor(id: string): Promise<ActorDetail | null>;
  /** Watch an actor's transitions (inspection is off until someone watches). Returns unsubscribe. */
  watch(actorId: string, listener: (t: Transition) => void): () => void;
  /** Every transition of watched actors, and every effect, for live feeds. */
  onEffect(kind: string, handler: EffectHandler): () => void;
  deadLetters(): DeadLetter[];
  /** Write every dirty snapshot to the store now. */
  flush(): Promise<void>;
}
