// Actor detail: the machine diagram with the current state and the transition just taken (or, for logic without
// states, its event table), context, mailbox, timers, the transition timeline with time travel, and the pause /
// resume / step / send controls the user's role allows.
import { actorPath, api, ApiError } from '../api.js';
import { formatNumber, formatTime, h, replace, formatDuration } from '../dom.js';
import { contextHistory, stateKey } from '../state.js';
import { live } from '../live.js';
import { flash, reportError } from '../notify.js';
import { session } from '../session.js';
import { gridLayout, highlightState, highlightTransition, renderDiagram } from './diagram.js';
import { jsonTree } from './tree.js';

const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.:-]{0,99}$/;
const REFRESH_MS = 4000; // transitions stream in live; the full record (mailbox, timers) is refetched at most this often

const eventFields = (event) => {
  const { type: _type, meta: _meta, ...rest } = event ?? {};
  return Object.keys(rest).length ? JSON.stringify(rest) : '';
};

export function renderActor(view, id) {
  let detail = null;
  let layout = null;
  let forms = { shape: null, events: [], exampleEvents: [] }; // what the kind handles, and its declaration's examples
  let diagram = null;
  let position = null; // null = live; otherwise 0..n in the timeline (0 = before the oldest transition)
  let refreshTimer = null;
  let lastFetch = 0;
  let disposed = false;

  const head = h('div', { class: 'actor-head' }, h('h2', { class: 'mono' }, id));
  const buttons = h('div', { class: 'controls', 'data-testid': 'actor-controls' });
  const diagramTitle = h('h3', null, 'State machine');
  const diagramBox = h('div', { class: 'diagram-box' }, 'loading diagram…');
  const eventsBox = h('div', { 'data-testid': 'event-table' });
  const travel = h('div', { class: 'travel', 'data-testid': 'time-travel' });
  const contextBox = h('div', { 'data-testid': 'context' });
  const mailboxBox = h('div', { 'data-testid': 'mailbox' });
  const timersBox = h('div', { 'data-testid': 'timers' });
  const timelineBox = h('ol', { class: 'timeline', 'data-testid': 'timeline', reversed: true });
  const sendBox = h('div');

  const act = async (label, fn) => {
    try {
      await fn();
      flash(label);
    } catch (err) {
      reportError(err);
    }
    await load();
  };

  const renderHead = () => {
    const d = detail;
    replace(head,
      h('h2', { class: 'mono' }, id),
      d.status === 'new' ? h('span', { class: 'muted', 'data-testid': 'actor-state' }, 'not started') : h('span', { class: 'chip state', 'data-testid': 'actor-state' }, d.state),
      h('span', { class: `badge status-${d.status}` }, d.status),
      d.paused ? h('span', { class: 'badge paused', 'data-testid': 'actor-paused' }, 'paused') : null,
      h('span', { class: 'muted' }, `mailbox ${formatNumber(d.mailbox)} · errors ${formatNumber(d.errors)}`));
    const items = [];
    if (session.can('pause')) {
      items.push(d.paused
        ? h('button', { 'data-testid': 'resume', onclick: () => act('Resumed', () => api(`${actorPath(id)}/resume`, { method: 'POST' })) }, 'Resume')
        : h('button', { 'data-testid': 'pause', onclick: () => act('Paused', () => api(`${actorPath(id)}/pause`, { method: 'POST' })) }, 'Pause'));
      items.push(h('button', {
        'data-testid': 'step', title: 'deliver exactly one queued message',
        onclick: () => act('Stepped', async () => {
          const r = await api(`${actorPath(id)}/step`, { method: 'POST' });
          if (!r.transition) throw new Error('nothing to step: the mailbox is empty');
        }),
      }, 'Step one message'));
    } else items.push(h('span', { class: 'muted' }, 'read-only'));
    replace(buttons, items);
    markIgnored();
  };

  /** Is an event handled in the actor's current state? (a machine may handle it only elsewhere: then it is ignored) */
  const handledNow = (type) => {
    const states = forms.events.find((e) => e.type === type)?.states;
    if (!states || !detail?.state) return true;
    const regions = detail.state.split('|');
    return states.some((st) => st === '' || regions.some((r) => r === st || r.startsWith(`${st}.`)));
  };
  /** Grey out the send form's events the actor would ignore in its state now (they are still sent if asked). */
  const markIgnored = () => {
    for (const chip of sendBox.querySelectorAll('button.chip[data-event-type]')) {
      const now = handledNow(chip.dataset.eventType);
      chip.classList.toggle('ignored', !now);
      chip.title = now ? (chip.dataset.hint ?? '') : `ignored in '${detail.state}': handled in ${forms.events.find((e) => e.type === chip.dataset.eventType)?.states?.join(', ')}`;
    }
  };

  const renderSend = () => {
    if (!session.can('send')) {
      replace(sendBox, h('p', { class: 'muted' }, 'Sending events needs the admin role.'));
      return;
    }
    // the events the kind handles (from its logic), each with its declaration's example when it has one
    const types = forms.events.map((e) => e.type).filter((t) => !t.includes('*'));
    const example = (type) => forms.exampleEvents.find((e) => e.type === type);
    const first = forms.exampleEvents[0] ?? (types[0] ? { type: types[0] } : null);
    const typeInput = h('input', { name: 'type', list: 'event-types', required: true, placeholder: 'event type', 'data-testid': 'send-type', value: first?.type ?? '' });
    const fieldsOf = (event) => {
      const { type: _t, ...rest } = event ?? {};
      return Object.keys(rest).length ? JSON.stringify(rest) : '';
    };
    const fields = h('textarea', { name: 'fields', rows: 3, placeholder: '{"n": 2}  (optional JSON fields)', 'data-testid': 'send-fields', spellcheck: 'false' });
    fields.value = fieldsOf(first);
    const error = h('p', { class: 'error' });
    const submit = async (e) => {
      e.preventDefault();
      replace(error);
      const type = typeInput.value.trim();
      if (!EVENT_TYPE.test(type)) return replace(error, 'the event type must be a short identifier');
      let extra = {};
      if (fields.value.trim()) {
        try {
          extra = JSON.parse(fields.value);
        } catch (err) {
          return replace(error, `fields are not JSON: ${err.message}`);
        }
        if (extra === null || typeof extra !== 'object' || Array.isArray(extra)) return replace(error, 'fields must be a JSON object');
      }
      await act(`Sent ${type}`, () => api(`${actorPath(id)}/events`, { method: 'POST', body: { ...extra, type } }));
    };
    replace(sendBox,
      h('form', { class: 'send', onsubmit: submit, 'data-testid': 'send-form' },
        h('datalist', { id: 'event-types' }, types.map((t) => h('option', { value: t }))),
        h('label', null, 'event ', typeInput),
        types.length ? h('div', { class: 'chips' }, types.map((t) => h('button', {
          type: 'button', class: 'chip', 'data-event-type': t, 'data-hint': example(t) ? 'fill in the example' : 'no example declared: add the fields it needs',
          onclick: () => {
            typeInput.value = t;
            fields.value = fieldsOf(example(t));
          },
        }, t))) : null,
        fields,
        h('button', { type: 'submit', class: 'primary', 'data-testid': 'send' }, 'Send event')),
      error);
    markIgnored();
  };

  const renderTables = () => {
    const d = detail;
    replace(mailboxBox, d.mailboxPreview.length
      ? h('table', { class: 'grid' }, h('thead', null, h('tr', null, ['seq', 'from', 'event', 'fields'].map((t) => h('th', null, t)))),
        h('tbody', null, d.mailboxPreview.map((m) => h('tr', null, h('td', { class: 'num' }, m.seq), h('td', { class: 'mono' }, m.from), h('td', null, m.event?.type), h('td', { class: 'mono small' }, eventFields(m.event))))))
      : h('p', { class: 'muted' }, 'empty'));
    if (d.mailbox > d.mailboxPreview.length) mailboxBox.append(h('p', { class: 'muted' }, `… and ${formatNumber(d.mailbox - d.mailboxPreview.length)} more`));
    replace(timersBox, d.timers.length
      ? h('table', { class: 'grid' }, h('thead', null, h('tr', null, ['id', 'event', 'due', 'repeat'].map((t) => h('th', null, t)))),
        h('tbody', null, d.timers.map((t) => h('tr', null, h('td', { class: 'mono' }, t.id), h('td', null, t.event?.type), h('td', null, formatTime(t.due)), h('td', null, t.every ? `every ${formatDuration(t.every)}` : t.daily ? `daily ${t.daily}` : '')))))
      : h('p', { class: 'muted' }, 'none'));
  };

  /** The timeline, the travel slider, the context and the diagram highlight for the chosen moment. */
  const renderMoment = () => {
    const transitions = detail.recentTransitions ?? [];
    const context = detail.snapshot?.context;
    const history = contextHistory(context, transitions);
    const n = transitions.length;
    const at = position === null ? n : position;
    const state = at === n ? detail.state : at === 0 ? (n ? stateKey(transitions[0].from) : detail.state) : stateKey(transitions[at - 1].to);
    const ctx = at === n ? context : at === 0 ? history.before : history.after[at - 1];
    const changed = new Set(at > 0 && at <= n ? Object.keys(transitions[at - 1].contextDiff ?? {}) : []);
    if (diagram && layout) {
      highlightState(diagram, layout.machineId, state);
      // the transition that led to this moment (live: the latest one)
      highlightTransition(diagram, layout.machineId, at > 0 ? transitions[at - 1] : null);
    }

    const slider = h('input', { type: 'range', min: 0, max: n, value: at, 'aria-label': 'time travel', 'data-testid': 'travel-slider' });
    slider.addEventListener('input', () => {
      position = Number(slider.value) === n ? null : Number(slider.value);
      renderMoment();
    });
    travel.hidden = n === 0; // nothing recorded yet: transitions are kept from the moment an actor is watched
    replace(travel,
      h('label', null, 'Time travel ', slider),
      h('span', { 'data-testid': 'travel-label' }, position === null ? 'live' : at === 0 ? `before tick ${transitions[0]?.tick}` : `after tick ${transitions[at - 1].tick} (${transitions[at - 1].event?.type})`),
      position === null ? null : h('button', { class: 'small', onclick: () => { position = null; renderMoment(); } }, 'back to live'));
    replace(contextBox, ctx === undefined ? h('p', { class: 'muted' }, 'no context (not a machine, or never run)') : jsonTree(ctx, { openDepth: 1, changed }));

    replace(timelineBox, n
      ? transitions.map((t, i) => h('li', {
          class: i + 1 === at && position !== null ? 'selected' : '', 'data-tick': t.tick,
          onclick: () => { position = i + 1; renderMoment(); },
        },
          h('span', { class: 'tick' }, `#${t.tick}`), ' ',
          h('span', { class: 'muted' }, formatTime(t.now)), ' ',
          h('strong', { class: 'event-type' }, t.event?.type ?? '?'), ' ',
          h('span', { class: 'move' }, `${stateKey(t.from)} → ${stateKey(t.to)}`), ' ',
          Object.keys(t.contextDiff ?? {}).length ? h('span', { class: 'diff' }, `Δ ${Object.keys(t.contextDiff).join(', ')}`) : null)).reverse()
      : h('li', { class: 'muted' }, 'no transitions yet'));
  };

  const load = async () => {
    lastFetch = Date.now();
    try {
      detail = await api(actorPath(id));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        replace(view, h('section', { class: 'card' }, h('h2', { class: 'mono' }, id), h('p', null, 'No such actor (yet): actors are created by their first message.')));
        disposed = true;
        return;
      }
      reportError(err);
      return;
    }
    if (disposed) return;
    renderHead();
    renderTables();
    renderMoment();
  };

  /** The kind's events as a table: what it handles, in which states, and the example its declaration gives. */
  const eventTable = () => forms.events.length
    ? h('table', { class: 'grid' },
      h('thead', null, h('tr', null, ['event', 'handled in', 'example fields'].map((t) => h('th', null, t)))),
      h('tbody', null, forms.events.map((e) => h('tr', { 'data-event-type': e.type },
        h('td', { class: 'mono' }, e.type),
        h('td', null, e.states ? e.states.map((st) => h('span', { class: 'chip' }, st || 'any state')) : h('span', { class: 'muted' }, forms.shape === 'store' ? 'declared' : 'any mode')),
        h('td', { class: 'mono small' }, e.example ? eventFields(e.example) || '—' : h('span', { class: 'muted' }, 'no example'))))))
    : h('p', { class: 'muted' }, 'This kind does not say which events it handles.');

  /** How to watch this actor in Stately's inspector: the relay's URL (with this session's token) and one line. */
  const statelyHowTo = () => {
    const url = `${location.origin.replace(/^http/, 'ws')}/api/v1/stately?watch=${encodeURIComponent(id)}`;
    const copy = h('button', { class: 'small', type: 'button', title: 'copy the URL with your token' }, 'copy URL');
    copy.addEventListener('click', () => void navigator.clipboard?.writeText(`${url}&token=${session.token ?? ''}`).then(() => flash('Copied the inspector URL (it holds your token)'), reportError));
    return h('p', { class: 'muted stately-howto', 'data-testid': 'stately-howto' },
      h('a', { href: 'https://stately.ai/docs/inspector', target: '_blank', rel: 'noopener noreferrer', 'data-testid': 'stately-link' }, 'Stately Inspector'),
      ': point a @statelyai/inspect WebSocket receiver (createWebSocketReceiver({ server })) at ', h('code', null, `${url}&token=…`), ' ', copy,
      ' — it sends this actor\'s full definition, then every event and snapshot while it is open.');
  };

  const loadDiagram = async () => {
    try {
      const answer = await api(`${actorPath(id)}/machine/layout`);
      layout = answer.layout;
      forms = { shape: answer.shape ?? null, events: answer.events ?? [], exampleEvents: answer.exampleEvents ?? [] };
    } catch (err) {
      layout = null;
      if (err instanceof ApiError && err.status === 404 && err.code === 'not_found') {
        // the server-side layout route is not mounted: fall back to the plain graph and a simple grid
        try {
          const graph = await api(`${actorPath(id)}/machine`);
          forms = { shape: graph.shape ?? null, events: graph.events ?? [], exampleEvents: graph.examples ?? [] };
          if (graph.nodes) layout = gridLayout(graph);
        } catch (err2) {
          replace(diagramBox, h('p', { class: 'muted' }, `no diagram: ${err2.message}`));
        }
      } else replace(diagramBox, h('p', { class: 'muted' }, `no diagram: ${err.message}`));
    }
    if (layout) {
      diagram = renderDiagram(layout, detail?.state ?? null);
      replace(diagramTitle, 'State machine');
      replace(diagramBox, diagram);
      replace(eventsBox, h('details', null, h('summary', null, `Events it handles (${forms.events.length})`), eventTable()));
    } else if (forms.shape) {
      // no states to draw: a reaction table's mode is its state value; the events are what it is
      replace(diagramTitle, 'Events it handles');
      replace(diagramBox, h('p', { class: 'muted', 'data-testid': 'no-diagram' },
        forms.shape === 'reducer' ? 'A reaction table: each event runs its reaction; its mode is shown as its state.' : 'A store of data without states: each event updates it.'));
      replace(eventsBox, eventTable());
    }
    renderSend();
    if (detail) renderMoment();
  };

  const off = live.subscribe((name, data) => {
    if (name !== 'transition' || data.actorId !== id || !detail) return;
    // apply the transition at once, fetch the full record (mailbox, timers) a little later
    detail.recentTransitions = [...(detail.recentTransitions ?? []), data].slice(-100);
    detail.state = stateKey(data.to);
    const ctx = detail.snapshot?.context;
    if (ctx) for (const [key, { after }] of Object.entries(data.contextDiff ?? {})) after === undefined ? delete ctx[key] : (ctx[key] = after);
    renderHead();
    renderMoment();
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void load(), Math.max(500, REFRESH_MS - (Date.now() - lastFetch)));
  });

  replace(view,
    h('section', { class: 'card' }, head, buttons),
    h('section', { class: 'card' }, diagramTitle, diagramBox, travel, eventsBox, statelyHowTo()),
    h('div', { class: 'columns' },
      h('section', { class: 'card' }, h('h3', null, 'Context'), contextBox),
      h('section', { class: 'card' }, h('h3', null, 'Transition timeline'), timelineBox)),
    h('div', { class: 'columns three' },
      h('section', { class: 'card' }, h('h3', null, 'Mailbox'), mailboxBox),
      h('section', { class: 'card' }, h('h3', null, 'Timers'), timersBox),
      h('section', { class: 'card' }, h('h3', null, 'Send an event'), sendBox)));

  void load().then(loadDiagram);
  return () => {
    disposed = true;
    off();
    clearTimeout(refreshTimer);
  };
}
