// A JSON value as a collapsible tree; keys and values are text nodes.
import { h } from '../dom.js';

const MAX_CHILDREN = 200;

function leaf(value) {
  if (value === null) return h('span', { class: 'v-null' }, 'null');
  switch (typeof value) {
    case 'string':
      return h('span', { class: 'v-string' }, JSON.stringify(value));
    case 'number':
      return h('span', { class: 'v-number' }, String(value));
    case 'boolean':
      return h('span', { class: 'v-bool' }, String(value));
    default:
      return h('span', { class: 'v-other' }, String(value));
  }
}

/** Render `value`; levels shallower than `openDepth` start expanded. `changed` keys (top level) are marked. */
export function jsonTree(value, { openDepth = 1, changed = new Set(), depth = 0 } = {}) {
  if (value === null || typeof value !== 'object') return leaf(value);
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  const list = h('ul', { class: 'tree' });
  for (const [key, child] of entries.slice(0, MAX_CHILDREN)) {
    const mark = depth === 0 && changed.has(key) ? ' changed' : '';
    if (child !== null && typeof child === 'object') {
      const details = h('details', { class: `node${mark}` }, h('summary', null, h('span', { class: 'k' }, key), ' ', h('span', { class: 'muted' }, Array.isArray(child) ? `[${child.length}]` : `{${Object.keys(child).length}}`)), jsonTree(child, { openDepth, depth: depth + 1 }));
      if (depth + 1 < openDepth) details.open = true;
      list.append(h('li', null, details));
    } else {
      list.append(h('li', { class: `leaf${mark}`, 'data-key': key }, h('span', { class: 'k' }, key), ': ', leaf(child)));
    }
  }
  if (entries.length > MAX_CHILDREN) list.append(h('li', { class: 'muted' }, `… ${entries.length - MAX_CHILDREN} more`));
  return depth === 0 ? h('div', { class: 'tree-root' }, h('span', { class: 'muted' }, summary), list) : list;
}
