// The dashboard shell: sign-in, navigation by URL hash, the header clock, and the live feed.
import { api } from './api.js';
import { clearFlash, explain, flash } from './notify.js';
import { formatTime, h, replace } from './dom.js';
import { live } from './live.js';
import { session } from './session.js';
import { renderWorld } from './views/world.js';
import { renderActors } from './views/actors.js';
import { renderActor } from './views/actor.js';
import { renderPanels } from './views/panels.js';
import { renderConfig } from './views/config.js';
import { renderRefused } from './views/refused.js';
import { renderForks } from './views/forks.js';

const view = document.getElementById('view');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const clockEl = document.getElementById('clock');

let teardown = () => {};

function renderClock(clock) {
  if (!clock) return replace(clockEl);
  replace(
    clockEl,
    h('span', { class: 'clock-time', 'data-testid': 'clock-time' }, formatTime(clock.now)),
    h('span', { class: 'clock-tick' }, `tick ${clock.tick}`),
    h('span', { class: 'clock-speed' }, clock.speed === 'max' ? 'max speed' : `${clock.speed}×`),
    clock.paused ? h('span', { class: 'badge paused', 'data-testid': 'world-paused' }, 'paused') : h('span', { class: 'badge running' }, 'running'),
  );
}

live.subscribe((name, data) => {
  if (name === 'metrics') renderClock(data.clock);
});

const feedStatus = h('span', { class: 'feed-status', 'data-testid': 'feed-status' });
live.onStatus((s) => replace(feedStatus, s === 'live' ? '● live' : s === 'off' ? '' : `○ ${s}`));

function renderWho() {
  if (!session.claims) return replace(who);
  replace(
    who,
    feedStatus,
    h('span', { class: 'user' }, session.claims.sub),
    h('span', { class: `badge role-${session.role}`, 'data-testid': 'role' }, session.role),
    h('button', { class: 'link', onclick: () => signOut() }, 'Sign out'),
  );
}

function signOut(message) {
  session.clear();
  clearFlash();
  live.stop();
  renderClock(null);
  location.hash = '#/signin';
  route();
  if (message) flash(message, 'error');
}

/** The link `midgard start` prints: `#/signin?ticket=…`, traded once for a session token. */
async function signInWithTicket(ticket, error) {
  replace(error, 'Signing in…');
  try {
    const res = await fetch('/api/v1/signin', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ticket }) });
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new Error(body?.error?.message ?? `the gateway answered ${res.status}`);
    session.set(body.token);
  } catch (err) {
    history.replaceState(null, '', '#/signin'); // the ticket is spent or useless: do not keep it in the address bar
    replace(error, `The sign-in link did not work: ${err.message}`);
    return;
  }
  location.hash = '#/world';
}

function renderSignIn(params = new URLSearchParams()) {
  nav.hidden = true;
  renderWho();
  const input = h('textarea', { id: 'token', rows: 5, placeholder: 'eyJhbGciOiJIUzI1NiIs…', spellcheck: 'false', autocomplete: 'off' });
  const error = h('p', { class: 'error', 'data-testid': 'signin-error' });
  const submit = async (event) => {
    event.preventDefault();
    replace(error);
    try {
      session.set(input.value);
    } catch (err) {
      replace(error, `That is not a usable token: ${err.message}`);
      return;
    }
    if (!session.can('view')) {
      session.clear();
      replace(error, 'Players have no dashboard access: a gm, admin or superadmin token is needed.');
      return;
    }
    try {
      await api('/api/v1/admin/world'); // proves the gateway accepts the token
    } catch (err) {
      session.clear();
      replace(error, `The gateway refused the token: ${explain(err.message)}`);
      return;
    }
    location.hash = '#/world';
  };
  replace(
    view,
    h('section', { class: 'card signin' },
      h('h1', null, 'Sign in'),
      h('p', null, 'Open the sign-in link printed by ', h('code', null, 'npx midgard start'), ' in a browser on the same machine, or paste a token (',
        h('code', null, 'npx midgard token --role admin --sub you'), '). It is kept in this tab only.'),
      h('form', { onsubmit: submit }, h('label', { for: 'token' }, 'Token'), input, h('button', { type: 'submit', class: 'primary' }, 'Sign in')),
      error,
    ),
  );
  const ticket = params.get('ticket');
  if (ticket) void signInWithTicket(ticket, error);
  return () => {};
}

const routes = {
  world: renderWorld,
  actors: renderActors,
  actor: renderActor,
  panels: renderPanels,
  config: renderConfig,
  refused: renderRefused,
  forks: renderForks,
};

function route() {
  teardown();
  teardown = () => {};
  const [path, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [name, ...rest] = path.split('/');
  if (!session.token || (name === 'signin' && new URLSearchParams(query).has('ticket'))) {
    if (session.token) session.clear(); // a fresh link replaces whoever was signed in
    teardown = renderSignIn(new URLSearchParams(query));
    return;
  }
  nav.hidden = false;
  renderWho();
  const render = routes[name] ?? renderWorld;
  for (const a of nav.querySelectorAll('a')) a.classList.toggle('current', a.dataset.route === (routes[name] ? (name === 'actor' ? 'actors' : name) : 'world'));
  const arg = rest.length ? decodeURIComponent(rest.join('/')) : undefined;
  replace(view);
  live.start(name === 'actor' && arg ? [arg] : []);
  teardown = render(view, arg, new URLSearchParams(query)) ?? (() => {});
}

window.addEventListener('hashchange', route);
window.addEventListener('midgard:signout', (e) => signOut(e.detail));
session.load();
route();
