import { createActor, type AnyActorLogic, type AnyActorRef } from 'xstate';
import { seedFor } from './random.ts';
import { isOutput, OUTPUT, type Effect, type Output, type PlainEvent } from './outputs.ts';

/**
 * Drive one actor by hand, the way the runtime would: create it with an ActorInput, deliver events stamped
 * with `meta`, and collect what it emits. For behaviour tests and tools; the runtime does this in its workers.
 *
 * @example
 * const npc = drive(npcMachine, 'npc:7');
 * npc.send({ type: 'rumour.seed', text: 'orcs!' }, { now: HOUR });
 * npc.outputs.filter(isMessage);
 */
export interface Driven {
  actor: AnyActorRef;
  /** every output since creation, in order */
  outputs: Output[];
  /** outputs of the last `send` only */
  last: Output[];
  send(event: PlainEvent, meta?: { now?: number; from?: string; tick?: number }): Output[];
  context<T = any>(): T;
  value(): unknown;
  effects(kind?: string): Effect[];
  actions(type?: string): { action_type: string; payload: Record<string, any>; [k: string]: any }[];
  messages(to?: string): { to: string; event: PlainEvent }[];
}

export function drive(logic: AnyActorLogic, id: string, extra: Record<string, unknown> = {}, opts: { seed?: number; now?: number; snapshot?: unknown } = {}): Driven {
  const key = id.slice(id.indexOf(':') + 1);
  const input = { id, key, seed: seedFor(opts.seed ?? 42, id), now: opts.now ?? 0, ...extra };
  const actor = createActor(logic, opts.snapshot ? { input, snapshot: opts.snapshot as never } : { input });
  const driven: Driven = {
    actor,
    outputs: [],
    last: [],
    send(event, meta = {}) {
      driven.last = [];
      actor.send({ ...event, meta: { now: meta.now ?? 0, from: meta.from ?? 'test', tick: meta.tick ?? 0 } });
      const snap = actor.getSnapshot();
      if (snap.status === 'error') throw snap.error;
      return driven.last;
    },
    context: () => actor.getSnapshot().context,
    value: () => actor.getSnapshot().value,
    effects: (kind) => driven.outputs.flatMap((o) => (o.type === OUTPUT.effect && (!kind || o.effect.kind === kind) ? [o.effect] : [])),
    actions: (type) =>
      driven.effects('bridge.action').map((e) => e.action as any).filter((a) => !type || a.action_type === type),
    messages: (to) => driven.outputs.flatMap((o) => (o.type === OUTPUT.send && (!to || o.to === to) ? [{ to: o.to, event: o.event }] : [])),
  };
  actor.on('*', (e: { type: string }) => {
    if (!isOutput(e)) return;
    const outputs = e.type === OUTPUT.batch ? e.outputs : [e];
    driven.outputs.push(...outputs);
    driven.last.push(...outputs);
  });
  actor.start();
  return driven;
}
