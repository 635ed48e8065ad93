import type { AnyActorLogic } from 'xstate';
import { acceptedEvents } from '../admin/actors/accepts.ts';

/** Config keys whose function values compute data (not behaviour to name): left out of a definition. */
const DATA_KEYS = new Set(['context', 'input', 'output', 'delays']);

/** A function in a machine config as Stately draws it: `{ type }` from XState's action creators, else its name. */
const named = (fn: { type?: unknown; name?: string }) => ({ type: typeof fn.type === 'string' ? fn.type : fn.name || 'inline' });

/**
 * A machine's config as JSON, keeping every state and transition: actions and guards given as functions (which
 * `JSON.stringify` drops, leaving `{}` where `{ guard, actions }` was) become `{ type }` objects, the way Stately
 * names inline actions.
 */
function machineDefinition(config: unknown): string | undefined {
  try {
    return JSON.stringify(config, function keep(this: unknown, key: string, value: unknown) {
      if (typeof value !== 'function') return value;
      if (DATA_KEYS.has(key)) return undefined;
      return named(value as { type?: unknown; name?: string });
    });
  } catch {
    return undefined;
  }
}

/**
 * What Stately's inspector draws for an actor kind (the `definition` of `@xstate.actor`, a machine config as
 * JSON), in full:
 * - an XState machine: its config, every state and transition, actions and guards named;
 * - a reaction table (machines/kit/reducer.ts) or a store: a one-state machine in the actor's current mode whose
 *   `on` lists every event it handles (each as a targetless transition running its reaction), so the inspector
 *   shows the same events the dashboard's event table does;
 * - logic that says nothing of its events: undefined.
 *
 * @example
 * definitionOf(npcLogic, { kind: 'npc', value: 'idle' });
 * // '{"id":"npc","initial":"idle","states":{"idle":{}},"on":{"npc.chat":{"actions":[{"type":"npc.chat reaction"}]},…}}'
 */
export function definitionOf(
  logic: AnyActorLogic | undefined,
  actor: { kind?: string; value?: unknown; declared?: readonly string[] } = {},
): string | undefined {
  if (!logic) return undefined;
  const { shape, types } = acceptedEvents(logic, actor.declared);
  if (shape === 'machine') return machineDefinition((logic as { config?: unknown }).config);
  if (types === null) return undefined;
  const id = (logic as { id?: unknown }).id;
  const mode = typeof actor.value === 'string' && actor.value ? actor.value : 'active';
  return JSON.stringify({
    id: typeof id === 'string' ? id : actor.kind ?? 'actor',
    description: shape === 'reducer' ? 'reaction table: each event runs its reaction and stays in the mode' : 'store: each event updates its data',
    initial: mode,
    states: { [mode]: {} },
    on: Object.fromEntries(types.map((type) => [type, { actions: [{ type: `${type} reaction` }] }])),
  });
}
