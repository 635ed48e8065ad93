// World view: clock and controls, live rates, LLM spend and cache, and actors by kind and state.
import { api } from '../api.js';
import { formatNumber, formatTime, h, replace } from '../dom.js';
import { live } from '../live.js';
import { fetchMetrics } from '../metrics.js';
import { session } from '../session.js';
import { flash, reportError } from '../notify.js';
import { loadAudit, loadDeadLetters } from './activity.js';
import { Sparkline } from './chart.js';
import { kindBadge, kindControls } from './kinds.js';

function tile(label, valueEl) {
  return h('div', { class: 'tile' }, h('div', { class: 'tile-label' }, label), valueEl);
}

export function renderWorld(view) {
  const clockBox = h('div', { class: 'clock-big', 'data-testid': 'world-clock' }, '…');
  const controls = h('div', { class: 'controls' });
  const counters = {};
  const counterTiles = ['registered', 'active', 'passive', 'failures', 'deadLetters', 'restarts'].map((key) => {
    counters[key] = h('span', { class: 'tile-value', 'data-testid': `stat-${key}` }, '—');
    return tile(key.replace(/([A-Z])/g, ' $1').toLowerCase(), counters[key]);
  });
  const eventsChart = new Sparkline('events delivered');
  const actionsChart = new Sparkline('bridge actions');
  const effectsChart = new Sparkline('effects');
  const llmBox = h('div', { class: 'llm', 'data-testid': 'llm' }, 'loading /metrics…');
  const kindsBox = h('div', { class: 'kinds', 'data-testid': 'kinds' }, 'loading…');
  const deadBox = h('div', null, 'loading…');
  const auditBox = h('div', null, 'loading…');
  let deadSeen = null;

  const busyButton = (label, action) => {
    const b = h('button', {
      onclick: async () => {
        b.disabled = true;
        try {
          await action();
        } catch (err) {
          reportError(err);
        } finally {
          b.disabled = false;
        }
      },
    }, label);
    return b;
  };

  let clock = null;
  const renderControls = () => {
    const items = [];
    if (session.can('pause')) {
      items.push(clock?.paused
        ? busyButton('Resume world', async () => { await api('/api/v1/admin/world/resume', { method: 'POST' }); flash('World resumed'); })
        : busyButton('Pause world', async () => { await api('/api/v1/admin/world/pause', { method: 'POST' }); flash('World paused'); }));
      items.push(busyButton('Step one tick', async () => {
        const r = await api('/api/v1/admin/world/step', { method: 'POST' });
        showClock(r.clock);
        flash(`Stepped to tick ${formatNumber(r.clock.tick)}`);
      }));
    }
    if (session.can('speed')) {
      const select = h('select', { 'aria-label': 'speed' }, ['1', '2', '10', '60', '600', 'max'].map((v) => h('option', { value: v }, v === 'max' ? 'max' : `${v}×`)));
      select.value = String(clock?.speed ?? '1');
      select.addEventListener('change', async () => {
        try {
          const r = await api('/api/v1/admin/world/speed', { method: 'PUT', body: { speed: select.value === 'max' ? 'max' : Number(select.value) } });
          showClock(r.clock);
          flash(r.clock.speed === 'max' ? 'Speed set to max' : `Speed set to ${r.clock.speed}×`);
        } catch (err) {
          reportError(err);
        }
      });
      items.push(h('label', { class: 'inline' }, 'speed ', select));
    }
    if (session.can('snapshot')) items.push(busyButton('Snapshot now', async () => { await api('/api/v1/admin/world/snapshot', { method: 'POST' }); flash('Snapshots written'); }));
    if (!items.length) items.push(h('span', { class: 'muted' }, 'read-only'));
    replace(controls, items);
  };

  const showClock = (next) => {
    const changedPause = clock?.paused !== next.paused || clock?.speed !== next.speed;
    clock = next;
    replace(clockBox,
      h('div', { class: 'big' }, formatTime(next.now)),
      h('div', null, `tick ${next.tick} · ${next.tickMs} ms per tick · `, next.speed === 'max' ? 'max speed' : `${next.speed}× speed`, ' · ',
        h('strong', { 'data-testid': 'world-state' }, next.paused ? 'paused' : 'running')));
    if (changedPause) renderControls();
  };

  let last = null;
  let actionsSince = 0;
  let effectsSince = 0;
  const onMetrics = ({ clock: c, stats }) => {
    showClock(c);
    for (const [key, el] of Object.entries(counters)) replace(el, formatNumber(stats[key]));
    const t = performance.now();
    if (last) {
      const seconds = Math.max(0.001, (t - last.t) / 1000);
      eventsChart.push(Math.max(0, stats.eventsDelivered - last.events) / seconds);
      actionsChart.push(actionsSince / seconds);
      effectsChart.push(effectsSince / seconds);
    }
    last = { t, events: stats.eventsDelivered };
    if (deadSeen !== null && stats.deadLetters !== deadSeen) void loadDeadLetters(deadBox);
    deadSeen = stats.deadLetters;
    actionsSince = 0;
    effectsSince = 0;
  };
  const off = live.subscribe((name, data) => {
    if (name === 'metrics') onMetrics(data);
    else if (name === 'action') actionsSince++;
    else if (name === 'effect') effectsSince++;
  });

  const loadLlm = async () => {
    try {
      const m = await fetchMetrics();
      const tiers = Object.entries(m.callsByTier);
      const costs = Object.entries(m.costByProvider);
      replace(llmBox,
        h('table', { class: 'grid' },
          h('thead', null, h('tr', null, h('th', null, 'LLM calls by tier'), h('th', { class: 'num' }, 'calls'))),
          h('tbody', null, tiers.length ? tiers.map(([tier, n]) => h('tr', null, h('td', null, tier), h('td', { class: 'num' }, formatNumber(n)))) : h('tr', null, h('td', { colspan: 2, class: 'muted' }, 'no LLM calls yet')))),
        h('table', { class: 'grid' },
          h('thead', null, h('tr', null, h('th', null, 'Spend today'), h('th', { class: 'num' }, 'USD'))),
          h('tbody', null, costs.length ? costs.map(([k, usd]) => h('tr', null, h('td', null, k), h('td', { class: 'num' }, formatNumber(usd, 4)))) : h('tr', null, h('td', { colspan: 2, class: 'muted' }, 'nothing spent')))),
        h('div', { class: 'tile' }, h('div', { class: 'tile-label' }, 'decision cache hit rate'),
          h('span', { class: 'tile-value', 'data-testid': 'cache-hit-rate' }, m.cacheHitRate === null ? '—' : `${formatNumber(m.cacheHitRate * 100, 1)}%`)));
    } catch (err) {
      replace(llmBox, h('span', { class: 'error' }, String(err.message)));
    }
  };

  const loadKinds = async () => {
    try {
      // the census counts the whole world by kind and state (one call), with paused counts per kind
      const census = await api('/api/v1/admin/census');
      const states = new Map();
      for (const { kind, state, count } of census.items) states.set(kind, [...(states.get(kind) ?? []), [state, count]]);
      const total = census.kinds.reduce((n, k) => n + k.actors, 0);
      const rows = census.kinds.map((k) =>
        h('tr', { 'data-kind': k.kind },
          h('td', null, h('a', { href: `#/actors?kind=${encodeURIComponent(k.kind)}` }, k.kind), ' ', kindBadge(k)),
          h('td', { class: 'num' }, formatNumber(k.actors)),
          h('td', { class: 'num', 'data-testid': `paused-count-${k.kind}` }, formatNumber(k.paused)),
          h('td', null, (states.get(k.kind) ?? []).sort((a, b) => b[1] - a[1]).map(([state, n]) => h('span', { class: 'chip' }, `${state || 'not started'} ${formatNumber(n)}`))),
          h('td', null, kindControls(k, loadKinds))));
      replace(kindsBox,
        h('p', { class: 'muted' }, `${formatNumber(total)} actors`),
        h('table', { class: 'grid' },
          h('thead', null, h('tr', null, h('th', null, 'kind'), h('th', { class: 'num' }, 'actors'), h('th', { class: 'num' }, 'paused'), h('th', null, 'states'), h('th', null, 'control'))),
          h('tbody', null, rows)),
        h('button', { class: 'link', onclick: loadKinds }, 'refresh'));
    } catch (err) {
      replace(kindsBox, h('span', { class: 'error' }, String(err.message)));
    }
  };

  replace(view,
    h('section', { class: 'card' }, h('h2', null, 'World clock'), clockBox, controls),
    h('section', { class: 'tiles' }, counterTiles),
    h('section', { class: 'tiles charts' }, eventsChart.el, actionsChart.el, effectsChart.el),
    h('div', { class: 'columns' },
      h('section', { class: 'card' }, h('h2', null, 'LLM and cache'), llmBox),
      h('section', { class: 'card' }, h('h2', null, 'Actors by kind and state'), kindsBox)),
    h('div', { class: 'columns' },
      h('section', { class: 'card' }, h('h2', null, 'Dead letters'), deadBox),
      session.can('audit') ? h('section', { class: 'card' }, h('h2', null, 'Recent admin actions'), auditBox, h('button', { class: 'link', onclick: () => loadAudit(auditBox) }, 'refresh')) : null));

  renderControls();
  api('/api/v1/admin/world').then((r) => showClock(r.clock), reportError);
  void loadLlm();
  void loadKinds();
  void loadDeadLetters(deadBox);
  if (session.can('audit')) void loadAudit(auditBox);
  const llmTimer = setInterval(loadLlm, 5000);
  // the actor mix changes slowly; every 20 s keeps it fresh well within the admin read budget
  const kindsTimer = setInterval(loadKinds, 20_000);
  return () => {
    off();
    clearInterval(llmTimer);
    clearInterval(kindsTimer);
  };
}
