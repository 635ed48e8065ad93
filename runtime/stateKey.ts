/** Flatten an XState state value for listing and search: `idle`, `working.gathering`, `a.b|c.d` (parallel). */
export function stateKey(value: unknown): string {
  if (value === undefined || value === null) return 'store';
  if (typeof value === 'string') return value;
  if (typeof value !== 'object') return String(value);
  // a machine without child states (value {}) is simply in its root state
  if (Object.keys(value).length === 0) return 'root';
  const parts = Object.entries(value as Record<string, unknown>).map(([k, v]) => {
    const inner = stateKey(v);
    return inner && inner !== '{}' && Object.keys(v as object).length !== 0 ? `${k}.${inner}` : k;
  });
  return parts.join('|');
}

/** Keys whose JSON differs between two contexts (a shallow diff is what a person reads in a timeline). */
export function contextDiff(before: unknown, after: unknown): Record<string, { before: unknown; after: unknown }> {
  const diff: Record<string, { before: unknown; after: unknown }> = {};
  const a = (before ?? {}) as Record<string, unknown>;
  const b = (after ?? {}) as Record<string, unknown>;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (a[key] === b[key]) continue;
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) diff[key] = { before: a[key], after: b[key] };
  }
  return diff;
}
