// Game actions Midgard refused before sending because the game server could not run them (unknown map flag, a
// map the server does not load, a template its script lacks, a payload outside the contract), and the
// capabilities in force: the bridge's handshake, or the default set for a bridge that sends none.
import { api } from '../api.js';
import { formatTime, h, replace } from '../dom.js';
import { reportError } from '../notify.js';

const REFRESH_MS = 5000;

function render(box, data) {
  const c = data.capabilities;
  const caps = h('p', { 'data-testid': 'capabilities' },
    `${c.source === 'handshake' ? `handshake from ${c.bridge_version}` : 'default capabilities (no handshake yet)'} · `
    + `${c.renewal ? 'renewal' : 'pre-renewal'} · ${c.maps} maps · ${c.map_flags} map flags · templates: ${c.templates.join(', ') || 'none'}`);
  const counts = data.counts.length
    ? h('p', null, data.counts.map((x) => `${x.action_type} / ${x.rule}: ${x.count}`).join(' · '))
    : h('p', { class: 'muted' }, 'No action has been refused: everything Midgard asked for, the game can run.');
  const rows = data.refused.map((r) =>
    h('tr', null,
      h('td', null, formatTime(r.at)),
      h('td', null, r.actor),
      h('td', null, r.action_type),
      h('td', null, h('code', null, r.rule)),
      h('td', null, r.reason),
      h('td', null, h('code', { title: JSON.stringify(r.action) }, r.action_id))));
  const selftests = (data.selftests ?? []).map((t) =>
    h('div', { 'data-testid': 'selftest' },
      h('h3', null, `Self-test ${formatTime(t.timestamp)}${t.map ? ` on ${t.map}` : ''}: ${t.rows.filter((r) => r.ok).length}/${t.rows.length} passed`),
      h('table', null,
        h('thead', null, h('tr', null, ['check', 'result', 'detail'].map((x) => h('th', null, x)))),
        h('tbody', null, t.rows.map((r) => h('tr', null, h('td', null, r.check), h('td', null, r.ok ? 'PASS' : 'FAIL'), h('td', null, r.detail)))))));
  const selftestHelp = h('p', { class: 'muted' }, 'Self-tests run in game: a GM types @aiworld selftest; its PASS/FAIL table appears here.');
  replace(box, caps, counts, selftestHelp, ...selftests, rows.length
    ? h('table', { 'data-testid': 'refused-actions' },
      h('thead', null, h('tr', null, ['virtual time', 'actor', 'action', 'rule', 'reason', 'action id'].map((t) => h('th', null, t)))),
      h('tbody', null, rows))
    : '');
}

export function renderRefused(view) {
  const box = h('div', null, 'loading…');
  replace(view, h('section', { class: 'card' }, h('h2', null, 'Refused actions'), box));
  const load = () => api('/api/v1/admin/actions/refused?limit=100').then((d) => render(box, d), reportError);
  void load();
  const timer = setInterval(load, REFRESH_MS);
  return () => clearInterval(timer);
}
