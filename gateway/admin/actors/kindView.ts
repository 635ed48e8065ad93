import type { AnyActorLogic } from 'xstate';
import type { PlainEvent } from '../../../machines/kit/outputs.ts';
import { acceptedEvents, accepts, type LogicShape } from './accepts.ts';

/** What a kind's declaration offers the dashboard (runtime/ActorKind.ts: `eventTypes`, `exampleEvents`). */
export interface KindDeclaration {
  eventTypes?: string[];
  exampleEvents?: PlainEvent[];
}

/** One row of a kind's event table: an event type it handles, where, and an example to send. */
export interface EventRow {
  type: string;
  /** machine only: the states that handle it (`''` = the machine's root, so every state) */
  states: string[] | null;
  example: PlainEvent | null;
}

/**
 * What the dashboard shows of a kind besides its diagram: the events it handles (its event table, the send
 * form's choices) and the declaration's examples it really handles. Declared types or examples the logic
 * ignores are listed apart: sending them would be refused.
 */
export interface KindView {
  kind: string;
  shape: LogicShape;
  /** descriptors the logic handles; null when the logic does not say (then nothing is refused) */
  accepts: string[] | null;
  events: EventRow[];
  examples: PlainEvent[];
  /** declared event types or example types that this kind's logic does not handle */
  unhandled: string[];
}

/**
 * The declaration of a kind as the gateway can see it: the Runtime exposes its catalogue as `kinds`
 * (a bare WorldControl, like the tests' doubles, has none). The one place the gateway reads declarations.
 */
export function declarationOf(runtime: unknown, kind: string): KindDeclaration | undefined {
  return (runtime as { kinds?: Map<string, KindDeclaration> }).kinds?.get(kind);
}

/**
 * A kind's event table and valid examples, from its logic (the truth of what it handles) and its declaration
 * (which examples to offer).
 *
 * @example
 * kindView('boss', bossMachine, { exampleEvents: [{ type: 'boss.rise' }] }).events[0];
 * // { type: 'boss.rise', states: ['dormant'], example: { type: 'boss.rise' } }
 */
export function kindView(kind: string, logic: AnyActorLogic, declaration: KindDeclaration = {}): KindView {
  const { shape, types, statesOf } = acceptedEvents(logic, declaration.eventTypes);
  const declaredExamples = declaration.exampleEvents ?? [];
  const handled = (type: string) => types === null || accepts(types, type);
  const examples = declaredExamples.filter((e) => handled(e.type));
  const unhandled = [...new Set([...(declaration.eventTypes ?? []), ...declaredExamples.map((e) => e.type)])].filter((t) => !handled(t)).sort();
  const rows = types ?? [...new Set(examples.map((e) => e.type))].sort();
  const events = rows.map((type) => ({
    type,
    states: statesOf?.get(type) ?? null,
    example: examples.find((e) => e.type === type) ?? examples.find((e) => accepts([type], e.type)) ?? null,
  }));
  return { kind, shape, accepts: types, events, examples, unhandled };
}
