// Actors: server-side search and paging (the gateway filters; the page never holds more than one page).
import { actorPath, api } from '../api.js';
import { debounce, formatNumber, h, replace } from '../dom.js';
import { reportError } from '../notify.js';
import { session } from '../session.js';
import { kindBadge, kindControls } from './kinds.js';

const PAGE = 50;
/** npc:2 before npc:10 (text order put npc:10 first) */
const byId = new Intl.Collator('en', { numeric: true });

export function renderActors(view, _arg, params) {
  const filters = {
    q: params?.get('q') ?? '',
    kind: params?.get('kind') ?? '',
    state: params?.get('state') ?? '',
    paused: params?.get('paused') ?? '',
    errorsOnly: false,
    offset: 0,
  };
  let controller = null;

  const q = h('input', { type: 'search', placeholder: 'id or NPC name…', value: filters.q, 'aria-label': 'search by id or NPC name', 'data-testid': 'actor-search' });
  // the kinds come from the census, so the filter offers what exists instead of taking free text
  const kind = h('select', { 'aria-label': 'kind', 'data-testid': 'kind-filter' }, h('option', { value: '' }, 'every kind'));
  const kindBar = h('div', { class: 'kind-bar', 'data-testid': 'kind-bar' });
  let census = null;
  const loadCensus = async () => {
    census = await api('/api/v1/admin/census');
    const chosen = filters.kind;
    replace(kind, h('option', { value: '' }, 'every kind'), census.kinds.map((k) => h('option', { value: k.kind }, `${k.kind} (${formatNumber(k.actors)})`)));
    kind.value = census.kinds.some((k) => k.kind === chosen) ? chosen : '';
    renderKindBar();
  };
  const renderKindBar = () => {
    const totals = census?.kinds.find((k) => k.kind === filters.kind);
    if (!totals) return replace(kindBar);
    replace(kindBar,
      h('strong', null, totals.kind), ` · ${formatNumber(totals.actors)} actors · ${formatNumber(totals.paused)} paused `, kindBadge(totals), ' ',
      kindControls(totals, async () => {
        await loadCensus();
        await load();
      }));
  };
  const state = h('input', { type: 'text', placeholder: 'state', value: filters.state, 'aria-label': 'state' });
  const paused = h('select', { 'aria-label': 'paused' }, h('option', { value: '' }, 'paused or not'), h('option', { value: 'true' }, 'paused'), h('option', { value: 'false' }, 'not paused'));
  paused.value = filters.paused;
  const errorsOnly = h('input', { type: 'checkbox', 'aria-label': 'with errors only' });
  const summary = h('p', { class: 'muted', 'data-testid': 'actor-total' });
  const body = h('tbody');
  const pager = h('div', { class: 'pager' });

  const load = async () => {
    controller?.abort();
    controller = new AbortController();
    const query = new URLSearchParams({ offset: String(filters.offset), limit: String(PAGE) });
    for (const key of ['q', 'kind', 'state', 'paused']) if (filters[key]) query.set(key, filters[key]);
    try {
      const page = await api(`/api/v1/admin/actors?${query}`, { signal: controller.signal });
      const items = (filters.errorsOnly ? page.items.filter((a) => a.errors > 0 || a.status === 'failed') : page.items).sort((a, b) => byId.compare(a.id, b.id));
      replace(body, items.length ? items.map(row) : h('tr', null, h('td', { colspan: 8, class: 'muted' }, 'no actors match')));
      const last = Math.min(page.total, filters.offset + page.items.length);
      replace(summary, page.total ? `${formatNumber(filters.offset + 1)}–${formatNumber(last)} of ${formatNumber(page.total)} actors` : '0 actors');
      replace(pager,
        h('button', { disabled: filters.offset === 0, onclick: () => { filters.offset = Math.max(0, filters.offset - PAGE); void load(); } }, '← previous'),
        h('button', { disabled: last >= page.total, onclick: () => { filters.offset += PAGE; void load(); } }, 'next →'));
    } catch (err) {
      if (err.name !== 'AbortError') reportError(err);
    }
  };

  const control = async (id, verb) => {
    try {
      await api(`${actorPath(id)}/${verb}`, { method: 'POST' });
      await load();
    } catch (err) {
      reportError(err);
    }
  };

  const row = (a) =>
    h('tr', { 'data-actor': a.id },
      h('td', null, h('a', { href: `#/actor/${encodeURIComponent(a.id)}`, class: 'mono' }, a.id), a.name ? h('span', { class: 'muted' }, ` ${a.name}`) : ''),
      h('td', null, a.kind),
      // the state value of its snapshot, as the detail page and the census name it; a new actor has none yet
      h('td', null, a.status === 'new' ? h('span', { class: 'muted', title: 'its first message has not been delivered yet' }, 'not started') : h('span', { class: 'chip' }, a.state)),
      h('td', null, a.status),
      h('td', null, a.paused ? h('span', { class: 'badge paused' }, 'paused') : ''),
      h('td', { class: 'num' }, formatNumber(a.mailbox)),
      h('td', { class: a.errors ? 'num error' : 'num' }, formatNumber(a.errors)),
      h('td', null, session.can('pause') ? h('button', { class: 'small', onclick: () => control(a.id, a.paused ? 'resume' : 'pause') }, a.paused ? 'resume' : 'pause') : ''));

  const refilter = debounce(() => {
    Object.assign(filters, { q: q.value.trim(), kind: kind.value.trim(), state: state.value.trim(), paused: paused.value, errorsOnly: errorsOnly.checked, offset: 0 });
    void load();
  }, 250);
  for (const el of [q, state]) el.addEventListener('input', refilter);
  for (const el of [kind, paused, errorsOnly]) el.addEventListener('change', refilter);
  kind.addEventListener('change', () => {
    filters.kind = kind.value;
    renderKindBar();
  });

  replace(view,
    h('section', { class: 'card' },
      h('h2', null, 'Actors'),
      h('div', { class: 'filters' }, q, kind, state, paused, h('label', { class: 'inline' }, errorsOnly, ' with errors (this page)')),
      kindBar,
      summary,
      h('table', { class: 'grid actors' },
        h('thead', null, h('tr', null, ['id', 'kind', 'state', 'status', 'paused', 'mailbox', 'errors', 'control'].map((t) => h('th', null, t)))),
        body),
      pager));
  void load();
  loadCensus().catch(reportError);
  return () => controller?.abort();
}
