import type { AnyActorLogic } from 'xstate';

interface NodeLike {
  on?: Record<string, unknown>;
  states?: Record<string, NodeLike>;
}

/**
 * The event types an actor kind declares, read from its machine: the `on` keys of every state node, wildcards
 * such as `*` and `quest.*` included (`machine.events` would leave out transitions without a target or action).
 * Null when the logic is not a state machine (a store accepts what its handlers name, which the logic does not
 * expose): then nothing is refused here.
 */
export function acceptedEventTypes(logic: AnyActorLogic): string[] | null {
  const root = (logic as { root?: NodeLike }).root;
  if (!root || typeof root !== 'object') return null;
  const types = new Set<string>();
  const visit = (node: NodeLike) => {
    for (const type of Object.keys(node.on ?? {})) if (!type.startsWith('xstate.')) types.add(type);
    for (const child of Object.values(node.states ?? {})) visit(child);
  };
  visit(root);
  return [...types].sort();
}

/** Does `type` match one of the declared descriptors (exact, `*`, or a `prefix.*` wildcard)? */
export function accepts(descriptors: string[], type: string): boolean {
  return descriptors.some((d) => d === type || d === '*' || (d.endsWith('.*') && type.startsWith(d.slice(0, -1))));
}
