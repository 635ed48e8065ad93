import { createActor, type AnyActorLogic } from 'xstate';

/**
 * A snapshot an older build saved for a kind that has since become an XState machine (round 2 turned most
 * agents from reducers into statecharts): reducer snapshots are `{ status, value, context }` with no `children`,
 * and XState's restore throws on them. Such an actor is brought back in the machine's initial state with every
 * context field the two versions share carried over (prices, counters, rng…), so an upgraded world keeps what it
 * can instead of failing the actor. Anything else is returned as is.
 *
 * @example
 * const snapshot = upgradeLegacySnapshot(kind.logic, stored, input); // then createActor(logic, { snapshot })
 */
export function upgradeLegacySnapshot(logic: AnyActorLogic, snapshot: unknown, input: Record<string, unknown>): unknown {
  if (!isMachine(logic) || !isReducerShaped(snapshot)) return snapshot;
  // never started: its entry actions do not run, its timers are the runtime's and were stored with the actor
  const initial = createActor(logic, { input }).getPersistedSnapshot() as { context?: Record<string, unknown> };
  const old = snapshot.context ?? {};
  const context = { ...(initial.context ?? {}) };
  for (const key of Object.keys(context)) if (key in old) context[key] = old[key];
  return { ...initial, context };
}

const isMachine = (logic: AnyActorLogic): boolean => typeof (logic as { root?: unknown }).root === 'object' && 'config' in logic;

function isReducerShaped(snapshot: unknown): snapshot is { context?: Record<string, unknown> } {
  return typeof snapshot === 'object' && snapshot !== null && !('children' in snapshot) && 'context' in snapshot;
}
