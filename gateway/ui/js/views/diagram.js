// The state machine as SVG, from the gateway's laid-out graph (elkjs runs on the server). Only coordinates and
// names arrive; every name is set as text.
import { s } from '../dom.js';
import { activeIds, stateKey } from '../state.js';

/** A rough layout for when the server's layout route is not mounted: states in rows by depth. */
export function gridLayout(graph) {
  const depthOf = (n) => n.id.split('.').length - 1;
  const rows = new Map();
  for (const n of graph.nodes) if (n.parent !== null) rows.set(depthOf(n), [...(rows.get(depthOf(n)) ?? []), n]);
  const nodes = [];
  let width = 0;
  for (const [depth, list] of rows) {
    list.forEach((n, i) => nodes.push({ ...n, x: 20 + i * 160, y: 40 + (depth - 1) * 90, width: 130, height: 40, selfEvents: [], selfLines: [] }));
    width = Math.max(width, 40 + list.length * 160);
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges = graph.edges
    .filter((e) => byId.has(e.source) && byId.has(e.target) && e.source !== e.target)
    .map((e) => {
      const a = byId.get(e.source);
      const b = byId.get(e.target);
      const p1 = { x: a.x + a.width / 2, y: a.y + a.height / 2 };
      const p2 = { x: b.x + b.width / 2, y: b.y + b.height / 2 };
      return { ...e, points: [p1, p2], labelX: (p1.x + p2.x) / 2, labelY: (p1.y + p2.y) / 2 - 14 };
    });
  const eventTypes = [...new Set(graph.edges.map((e) => e.label))].sort();
  return { machineId: graph.machineId, width, height: 60 + rows.size * 90, nodes, edges, eventTypes };
}

/**
 * Draw the layout. Returns the <svg>; call `highlightState(svg, machineId, state)` to move the highlight and
 * `highlightTransition(svg, machineId, transition)` to mark the transition just taken.
 * Nodes carry `data-state-id` and, when active, `data-active="true"`; arrows carry `data-event`, `data-source`,
 * `data-target` and, when just taken, `data-taken="true"` (tests and CSS read them).
 */
export function renderDiagram(layout, state) {
  const svg = s('svg', {
    class: 'diagram', viewBox: `0 0 ${layout.width + 20} ${layout.height + 10}`, width: Math.round((layout.width + 20) * 1.25), height: Math.round((layout.height + 10) * 1.25),
    role: 'img', 'aria-label': `state machine ${layout.machineId}`, 'data-testid': 'diagram',
  });
  svg.append(s('defs', null, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }))));

  const sorted = [...layout.nodes].sort((a, b) => a.id.split('.').length - b.id.split('.').length);
  for (const n of sorted) {
    const compound = layout.nodes.some((c) => c.parent === n.id);
    const g = s('g', { class: `state ${compound ? 'compound' : 'atomic'}${n.parent === null ? ' root' : ''}`, 'data-state-id': n.id, transform: `translate(${n.x},${n.y})` });
    // events handled inside the box (`wake`, `hit → fleeing`): the event type is the first word
    g.dataset.selfEvents = (n.selfEvents ?? []).map((e) => e.split(' ')[0]).join(' ');
    g.append(s('rect', { width: n.width, height: n.height, rx: compound ? 10 : 8 }));
    g.append(s('text', { x: compound ? 12 : n.width / 2, y: compound ? 20 : 22, class: 'state-name', 'text-anchor': compound ? 'start' : 'middle' }, n.key));
    // the server wrapped these lines and sized the box for them
    (n.selfLines ?? []).forEach((line, i) =>
      g.append(s('text', { x: compound ? 12 : n.width / 2, y: 36 + i * 13, class: 'self-events', 'text-anchor': compound ? 'start' : 'middle' }, line)));
    if (n.initial) {
      // a filled dot inside the box's left edge: an arrow from outside would cross the transitions drawn there
      g.append(s('circle', { class: 'initial-dot', cx: 9, cy: compound ? 16 : 18, r: 3.5 }));
      g.append(s('title', null, 'initial state'));
    }
    svg.append(g);
  }
  for (const e of layout.edges) {
    if (e.points.length < 2) continue;
    const d = e.points.map((p, i) => `${i ? 'L' : 'M'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
    svg.append(s('g', { class: 'transition', 'data-event': e.label, 'data-source': e.source, 'data-target': e.target }, s('path', { d, 'marker-end': 'url(#arrow)' }), s('text', { x: e.labelX + 3, y: e.labelY + 12, class: 'event-label' }, e.label)));
  }
  highlightState(svg, layout.machineId, state);
  return svg;
}

export function highlightState(svg, machineId, state) {
  const ids = activeIds(machineId, state);
  svg.dataset.currentState = state ?? '';
  for (const g of svg.querySelectorAll('g.state')) {
    const on = ids.has(g.dataset.stateId);
    g.classList.toggle('active', on);
    if (on) g.dataset.active = 'true';
    else delete g.dataset.active;
  }
}

/**
 * Mark the transition just taken (`{ from, to, event }` as the runtime records it; null clears the mark): the
 * arrow of that event from a state that was active to one that is active now, or, when the event was handled
 * inside a state (a self-loop or a targetless transition, listed in the box), that box. Returns what was marked.
 */
export function highlightTransition(svg, machineId, transition) {
  for (const g of svg.querySelectorAll('[data-taken]')) {
    g.classList.remove('taken');
    delete g.dataset.taken;
    delete g.dataset.takenEvent;
  }
  delete svg.dataset.lastEvent;
  const type = transition?.event?.type;
  if (!type) return null;
  svg.dataset.lastEvent = type;
  // the machine's own box is always active: events it handles in any state are listed there
  const from = activeIds(machineId, stateKey(transition.from)).add(machineId);
  const to = activeIds(machineId, stateKey(transition.to)).add(machineId);
  const mark = (g) => {
    g.classList.add('taken');
    g.dataset.taken = 'true';
    g.dataset.takenEvent = type;
    return g;
  };
  const arrows = [...svg.querySelectorAll('g.transition')].filter((g) => g.dataset.event === type && from.has(g.dataset.source) && to.has(g.dataset.target));
  if (arrows.length) return arrows.map(mark);
  // handled inside a box: the deepest state that was active and lists the event
  const boxes = [...svg.querySelectorAll('g.state')].filter((g) => from.has(g.dataset.stateId) && (g.dataset.selfEvents ?? '').split(' ').includes(type));
  boxes.sort((a, b) => b.dataset.stateId.split('.').length - a.dataset.stateId.split('.').length);
  return boxes.length ? [mark(boxes[0])] : null;
}
