import type { AnyActorLogic } from 'xstate';

interface NodeLike {
  key?: string;
  on?: Record<string, unknown>;
  states?: Record<string, NodeLike>;
}

/** How a kind's logic is built, which decides what the dashboard can draw: a diagram, or an event table. */
export type LogicShape = 'machine' | 'reducer' | 'store';

/** The event types one kind handles, and for a machine in which states (path without the machine id). */
export interface Accepted {
  shape: LogicShape;
  /** sorted descriptors: exact types and wildcards (`*`, `quest.*`); null = the logic does not say */
  types: string[] | null;
  /** machine only: descriptor → states that handle it (`''` is the machine's root) */
  statesOf?: Map<string, string[]>;
}

const isMachine = (logic: AnyActorLogic): boolean => typeof (logic as { root?: unknown }).root === 'object' && (logic as { root?: unknown }).root !== null;

/** machines/kit/reducer.ts keeps its spec as `config`, with `on` mapping event types to pure functions. */
const reducerTable = (logic: AnyActorLogic): Record<string, unknown> | null => {
  const on = (logic as { config?: { on?: unknown } }).config?.on;
  return !isMachine(logic) && typeof on === 'object' && on !== null ? (on as Record<string, unknown>) : null;
};

/**
 * The event types an actor kind handles, read from its logic:
 * - a machine: the `on` keys of every state node, in every state, wildcards (`*`, `quest.*`) included
 *   (`machine.events` leaves out transitions without a target or action);
 * - a reaction table (reducerLogic): the keys of its `on` table;
 * - other logic (an @xstate/store hides its handlers): the kind's declared `eventTypes`, or null when it
 *   declares none (then nothing can be refused).
 *
 * @example
 * acceptedEvents(bossMachine).statesOf.get('mvp_kill'); // ['abroad']
 */
export function acceptedEvents(logic: AnyActorLogic, declared?: readonly string[]): Accepted {
  if (isMachine(logic)) {
    const statesOf = new Map<string, string[]>();
    const visit = (node: NodeLike, path: string) => {
      for (const type of Object.keys(node.on ?? {})) {
        if (type.startsWith('xstate.')) continue;
        statesOf.set(type, [...(statesOf.get(type) ?? []), path]);
      }
      for (const [key, child] of Object.entries(node.states ?? {})) visit(child, path ? `${path}.${key}` : key);
    };
    visit((logic as unknown as { root: NodeLike }).root, '');
    return { shape: 'machine', types: [...statesOf.keys()].sort(), statesOf };
  }
  const table = reducerTable(logic);
  if (table) return { shape: 'reducer', types: Object.keys(table).sort() };
  return { shape: 'store', types: declared?.length ? [...new Set(declared)].sort() : null };
}

/** The descriptors alone (kept for callers that only refuse): see `acceptedEvents`. */
export function acceptedEventTypes(logic: AnyActorLogic, declared?: readonly string[]): string[] | null {
  return acceptedEvents(logic, declared).types;
}

/** Does `type` match one of the declared descriptors (exact, `*`, or a `prefix.*` wildcard)? */
export function accepts(descriptors: readonly string[], type: string): boolean {
  return descriptors.some((d) => d === type || d === '*' || (d.endsWith('.*') && type.startsWith(d.slice(0, -1))));
}
