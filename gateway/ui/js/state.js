// Pure helpers about actor state, shared by the views (and unit-tested in node: no DOM here).

/** A state value (string or nested object) flattened the way the runtime lists it: `a.b`, `a.b|c.d`. */
export function stateKey(value) {
  if (value === undefined || value === null) return 'store';
  if (typeof value === 'string') return value;
  if (typeof value !== 'object') return String(value);
  // mirrors runtime/stateKey.ts so the diagram and the actor list agree on names
  return Object.entries(value)
    .map(([k, v]) => {
      const inner = stateKey(v);
      return inner && inner !== '{}' && Object.keys(v ?? {}).length !== 0 ? `${k}.${inner}` : k;
    })
    .join('|');
}

/** The node ids a flattened state (`working.gathering`, `a.b|c.d`) makes active, deepest first per region. */
export function activeIds(machineId, state) {
  const ids = new Set();
  if (typeof state !== 'string' || state === '' || state === 'store') return ids;
  for (const region of state.split('|')) {
    const parts = region.split('.');
    for (let i = parts.length; i > 0; i--) ids.add(`${machineId}.${parts.slice(0, i).join('.')}`);
  }
  return ids;
}

/** Context after each recent transition (oldest first), walking back from the current context with the diffs. */
export function contextHistory(current, transitions) {
  let ctx = structuredClone(current ?? {});
  const after = new Array(transitions.length);
  for (let i = transitions.length - 1; i >= 0; i--) {
    after[i] = structuredClone(ctx);
    for (const [key, { before }] of Object.entries(transitions[i].contextDiff ?? {})) {
      if (before === undefined) delete ctx[key];
      else ctx[key] = before;
    }
  }
  return { before: ctx, after };
}
