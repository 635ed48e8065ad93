// The world's panels, as the catalogue declares them (`panel` in machines/<kind>.kind.ts, served by
// GET /api/v1/admin/panels: per kind its title and the actors it reads). Each panel is drawn by its kind's renderer
// in RENDERERS from those actors' snapshots; a kind without a renderer shows its actors' contexts as trees
// (a test checks that every declared panel has one).
import { actorPath, api, ApiError } from '../api.js';
import { formatNumber, formatTime, h, replace } from '../dom.js';
import { jsonTree } from './tree.js';

async function contextOf(id) {
  try {
    const d = await api(actorPath(id));
    return { state: d.state, context: d.snapshot?.context ?? null };
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

const missing = (id) => h('p', { class: 'muted' }, `${id} is not running in this world.`);
const table = (headers, rows) =>
  h('table', { class: 'grid' }, h('thead', null, h('tr', null, headers.map((t, i) => h('th', { class: i ? 'num' : '' }, t)))), h('tbody', null, rows));

/** Item names from the facts the world runs on (`GET /api/v1/admin/items`), fetched once per page load. */
let itemNames;
const loadItemNames = () =>
  (itemNames ??= api('/api/v1/admin/items').then(
    (r) => new Map(r.items.map((i) => [String(i.id), i.name])),
    () => new Map(),
  ));

async function economyPanel([id], read) {
  const [found, names] = await Promise.all([read(id), loadItemNames()]);
  const quotes = found?.context?.quotes;
  if (!quotes || typeof quotes !== 'object') return found ? jsonTree(found.context) : missing(id);
  const rows = Object.entries(quotes)
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([item, q]) => {
      const move = q.base ? (q.price / q.base - 1) * 100 : 0;
      return h('tr', null, h('td', null, h('span', { class: 'mono' }, item), names.has(item) ? ` ${names.get(item)}` : ''), h('td', { class: 'num' }, formatNumber(q.price)), h('td', { class: 'num' }, formatNumber(q.base)),
        h('td', { class: `num ${move > 0 ? 'up' : move < 0 ? 'down' : ''}` }, `${move > 0 ? '+' : ''}${formatNumber(move, 1)}%`),
        h('td', { class: 'num' }, `${formatNumber(q.low)}–${formatNumber(q.high)}`));
    });
  return h('div', null,
    h('p', { class: 'muted' }, `${rows.length} items · ${formatNumber(found.context.trades)} trades · ${formatNumber(found.context.rebalances)} rebalances`),
    h('div', { class: 'scroll' }, table(['item', 'price', 'base', 'vs base', 'range'], rows)));
}

async function problemPanel([id], read) {
  const found = await read(id);
  if (!found) return missing(id);
  const c = found.context ?? {};
  const open = c.open;
  return h('div', null,
    open
      ? h('div', { class: 'problem' },
          h('strong', null, `${open.kind} on ${open.map}`),
          h('p', null, `kills ${formatNumber(open.kills)} / ${formatNumber(open.threshold)} · ${Object.keys(open.participants ?? {}).length} players helping`),
          h('progress', { max: open.threshold || 1, value: Math.min(open.kills ?? 0, open.threshold ?? 0) }))
      : h('p', null, 'No open problem.'),
    h('p', { class: 'muted' }, `solved ${formatNumber(c.solved)} · failed ${formatNumber(c.failed)}`),
    Array.isArray(c.hotMaps) && c.hotMaps.length ? h('p', null, 'Busy maps: ', c.hotMaps.slice(0, 8).map((m) => h('span', { class: 'chip' }, `${m.map} ${m.activity}`))) : null);
}

async function arcPanel([id], read) {
  const found = await read(id);
  if (!found) return missing(id);
  const c = found.context ?? {};
  if (!('arc' in c) && !Array.isArray(c.arcs)) return h('div', null, h('p', null, `state: ${found.state}`), jsonTree(c));
  const arc = c.arc;
  const current = arc
    ? h('div', { class: 'arc', 'data-testid': 'arc-current' },
        h('strong', null, `Arc ${arc.id}: ${arc.theme}`), ' — ', `${arc.faction} against ${arc.rival}, on ${arc.map}`,
        h('p', null, `chapter ${arc.chapter} of 5 · began ${formatTime(arc.startedAt)} · ${formatNumber(arc.participation)} taking part`),
        arc.branches?.length ? h('p', null, 'so far: ', arc.branches.map((b) => h('span', { class: `chip ${b}` }, b))) : null,
        arc.choice
          ? h('div', null, `choice at chapter ${arc.choice.chapter}: ${formatNumber(arc.choice.count)} / ${formatNumber(arc.choice.threshold)}`,
              h('progress', { max: arc.choice.threshold || 1, value: Math.min(arc.choice.count, arc.choice.threshold) }))
          : null)
    : h('p', null, 'No arc is running.');
  const past = Array.isArray(c.arcs) && c.arcs.length
    ? h('table', { class: 'grid' }, h('thead', null, h('tr', null, ['arc', 'theme', 'outcome', 'branches', 'players'].map((t) => h('th', null, t)))),
        h('tbody', null, c.arcs.slice(-10).reverse().map((a) => h('tr', null, h('td', null, a.id), h('td', null, a.theme), h('td', null, a.outcome), h('td', null, (a.branches ?? []).join(' → ')), h('td', { class: 'num' }, formatNumber(a.participation))))))
    : null;
  return h('div', null, current, past);
}

// the world's copy of every faction's power first (the factions report it daily), else the faction actors' own
async function factionPanel(ids, read) {
  let power = (await read('world:main'))?.context?.factionPower;
  if (!power || !Object.keys(power).length) {
    const factions = await Promise.all(ids.map(read));
    power = Object.fromEntries(ids.map((id, i) => [id.slice(id.indexOf(':') + 1), factions[i]?.context?.power]).filter(([, p]) => typeof p === 'number'));
  }
  const entries = Object.entries(power ?? {}).sort((a, b) => b[1] - a[1]);
  if (!entries.length) return h('p', { class: 'muted' }, 'No faction standings yet.');
  const max = Math.max(1, ...entries.map(([, p]) => p));
  return h('ul', { class: 'bars' }, entries.map(([name, p]) =>
    h('li', null, h('span', { class: 'bar-name' }, name), h('span', { class: 'bar', style: `width:${Math.max(2, (p / max) * 100).toFixed(0)}%` }), h('span', { class: 'num' }, formatNumber(p)))));
}

/**
 * How each kind's panel is drawn: `(ids, read) → element`, where `read(id)` gives an actor's `{state, context}`, or
 * null when it is not running (a renderer reads only what it shows).
 */
const RENDERERS = { economy: economyPanel, arc: arcPanel, faction: factionPanel, problem: problemPanel };

async function fallbackPanel(ids, read) {
  const found = await Promise.all(ids.map(read));
  return h('div', null, ids.map((id, i) => (found[i] ? h('div', null, h('p', { class: 'muted' }, `${id}: ${found[i].state}`), jsonTree(found[i].context)) : missing(id))));
}

export function renderPanels(view) {
  const stamp = h('p', { class: 'muted' });
  const grid = h('div', { class: 'columns' }, 'loading…');
  const load = async () => {
    let panels;
    try {
      panels = (await api('/api/v1/admin/panels')).items;
    } catch (err) {
      replace(grid, h('p', { class: 'error' }, String(err.message)));
      return;
    }
    const reads = new Map(); // one read per actor per refresh, whichever panels show it
    const read = (id) => {
      if (!reads.has(id)) reads.set(id, contextOf(id).catch(() => null));
      return reads.get(id);
    };
    const boxes = panels.map((p) => h('div', { 'data-testid': `panel-${p.kind}` }, 'loading…'));
    replace(grid, ...panels.map((p, i) => h('section', { class: 'card' }, h('h2', null, p.title), boxes[i])));
    await Promise.all(panels.map(async (p, i) => {
      try {
        replace(boxes[i], await (RENDERERS[p.kind] ?? fallbackPanel)(p.ids, read));
      } catch (err) {
        replace(boxes[i], h('p', { class: 'error' }, String(err.message)));
      }
    }));
    replace(stamp, `read at ${formatTime(Date.now())} (wall clock) · `, h('button', { class: 'link', onclick: load }, 'refresh'));
  };
  replace(view, stamp, grid);
  void load();
  return () => {};
}
