// Types for the dashboard's pure state helpers (state.js), so node tests can import them.
export function stateKey(value: unknown): string;
export function activeIds(machineId: string, state: string | null | undefined): Set<string>;
export function contextHistory(
  current: Record<string, unknown> | null | undefined,
  transitions: { contextDiff?: Record<string, { before: unknown; after: unknown }> }[],
): { before: Record<string, unknown>; after: Record<string, unknown>[] };
