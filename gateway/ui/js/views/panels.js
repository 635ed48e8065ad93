// Story arcs, world problems, economy prices and faction standings, read from the world's system actors
// (machines/kit/ids.ts: economy:main, problem:main, arc:main, world:main, faction:*). There is no dedicated
// admin endpoint for them: each panel reads its actor's snapshot and shows what it finds.
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

function economyPanel(found, names = new Map()) {
  const quotes = found?.context?.quotes;
  if (!quotes || typeof quotes !== 'object') return found ? jsonTree(found.context) : missing('economy:main');
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

function problemPanel(found) {
  if (!found) return missing('problem:main');
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

function arcPanel(found) {
  if (!found) return missing('arc:main');
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

async function factionPanel(world) {
  let power = world?.context?.factionPower;
  if (!power || !Object.keys(power).length) {
    // fall back to the faction actors themselves
    const page = await api('/api/v1/admin/actors?kind=faction&limit=50');
    const found = await Promise.all(page.items.map(async (a) => [a.id.slice('faction:'.length), (await contextOf(a.id))?.context?.power]));
    power = Object.fromEntries(found.filter(([, p]) => typeof p === 'number'));
  }
  const entries = Object.entries(power ?? {}).sort((a, b) => b[1] - a[1]);
  if (!entries.length) return h('p', { class: 'muted' }, 'No faction standings yet.');
  const max = Math.max(1, ...entries.map(([, p]) => p));
  return h('ul', { class: 'bars' }, entries.map(([name, p]) =>
    h('li', null, h('span', { class: 'bar-name' }, name), h('span', { class: 'bar', style: `width:${Math.max(2, (p / max) * 100).toFixed(0)}%` }), h('span', { class: 'num' }, formatNumber(p)))));
}

export function renderPanels(view) {
  const boxes = {
    arcs: h('div', { 'data-testid': 'panel-arcs' }, 'loading…'),
    problems: h('div', { 'data-testid': 'panel-problems' }, 'loading…'),
    economy: h('div', { 'data-testid': 'panel-economy' }, 'loading…'),
    factions: h('div', { 'data-testid': 'panel-factions' }, 'loading…'),
  };
  const stamp = h('p', { class: 'muted' });
  const load = async () => {
    const guard = async (box, fn) => {
      try {
        replace(box, await fn());
      } catch (err) {
        replace(box, h('p', { class: 'error' }, String(err.message)));
      }
    };
    const [[arc, problem, economy, world], names] = await Promise.all([
      Promise.all(['arc:main', 'problem:main', 'economy:main', 'world:main'].map((id) => contextOf(id).catch(() => null))),
      loadItemNames(),
    ]);
    await Promise.all([
      guard(boxes.arcs, () => arcPanel(arc)),
      guard(boxes.problems, () => problemPanel(problem)),
      guard(boxes.economy, () => economyPanel(economy, names)),
      guard(boxes.factions, () => factionPanel(world)),
    ]);
    replace(stamp, `read at ${formatTime(Date.now())} (wall clock) · `, h('button', { class: 'link', onclick: load }, 'refresh'));
  };
  replace(view,
    stamp,
    h('div', { class: 'columns' },
      h('section', { class: 'card' }, h('h2', null, 'Story arcs'), boxes.arcs),
      h('section', { class: 'card' }, h('h2', null, 'World problems'), boxes.problems)),
    h('div', { class: 'columns' },
      h('section', { class: 'card' }, h('h2', null, 'Economy prices'), boxes.economy),
      h('section', { class: 'card' }, h('h2', null, 'Faction standings'), boxes.factions)));
  void load();
  return () => {};
}
