// Actor detail: the machine diagram with the current state, context, mailbox, timers, the transition timeline
// with time travel, and the pause / resume / step / send controls the user's role allows.
import { actorPath, api, ApiError } from '../api.js';
import { formatNumber, formatTime, h, replace, formatDuration } from '../dom.js';
import { contextHistory, stateKey } from '../state.js';
import { live } from '../live.js';
import { flash, reportError } from '../notify.js';
import { session } from '../session.js';
import { gridLayout, highlightState, renderDiagram } from './diagram.js';
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
  let forms = { eventTypes: [], exampleEvents: [] }; // the catalogue's suggestions for the send form
  let diagram = null;
  let position = null; // null = live; otherwise 0..n in the timeline (0 = before the oldest transition)
  let refreshTimer = null;
  let lastFetch = 0;
  let disposed = false;

  const head = h('div', { class: 'actor-head' }, h('h2', { class: 'mono' }, id));
  const buttons = h('div', { class: 'controls', 'data-testid': 'actor-controls' });
  const diagramBox = h('div', { class: 'diagram-box' }, 'loading diagram…');
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
      h('span', { class: 'chip state', 'data-testid': 'actor-state' }, d.state || '(stateless)'),
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
  };

  const renderSend = () => {
    if (!session.can('send')) {
      replace(sendBox, h('p', { class: 'muted' }, 'Sending events needs the admin role.'));
      return;
    }
    // the catalogue's admin events first, then whatever else the machine names
    const types = [...new Set([...forms.eventTypes, ...forms.exampleEvents.map((e) => e.type), ...(layout?.eventTypes ?? [])])];
    const example = (type) => forms.exampleEvents.find((e) => e.type === type);
    const typeInput = h('input', { name: 'type', list: 'event-types', required: true, placeholder: 'event type', 'data-testid': 'send-type', value: types[0] ?? '' });
    const fields = h('textarea', { name: 'fields', rows: 3, placeholder: '{"n": 2}  (optional JSON fields)', 'data-testid': 'send-fields', spellcheck: 'false' });
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
          type: 'button', class: 'chip',
          onclick: () => {
            typeInput.value = t;
            const { type: _t, ...fieldsOf } = example(t) ?? {};
            fields.value = Object.keys(fieldsOf).length ? JSON.stringify(fieldsOf) : '';
          },
        }, t))) : null,
        fields,
        h('button', { type: 'submit', class: 'primary', 'data-testid': 'send' }, 'Send event')),
      error);
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
    if (diagram && layout) highlightState(diagram, layout.machineId, state);

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
    // the runtime lists an actor as 'new' until its state value first changes; its snapshot knows better
    if (detail.snapshot && typeof detail.snapshot === 'object' && detail.snapshot.value !== undefined) detail.state = stateKey(detail.snapshot.value);
    renderHead();
    renderTables();
    renderMoment();
    followMode();
  };

  let diagramFor = null; // the state the diagram was fetched for (reaction-table agents draw their current mode)
  const loadDiagram = async () => {
    diagramFor = detail?.state ?? null;
    try {
      const answer = await api(`${actorPath(id)}/machine/layout`);
      layout = answer.layout;
      forms = { eventTypes: answer.eventTypes ?? [], exampleEvents: answer.exampleEvents ?? [] };
    } catch (err) {
      layout = null;
      if (err instanceof ApiError && err.status === 404 && err.code === 'not_found') {
        // the server-side layout route is not mounted: fall back to the plain graph and a simple grid
        try {
          layout = gridLayout(await api(`${actorPath(id)}/machine`));
        } catch (err2) {
          replace(diagramBox, h('p', { class: 'muted' }, `no diagram: ${err2.message}`));
        }
      } else replace(diagramBox, h('p', { class: 'muted' }, `no diagram: ${err.message}`));
    }
    if (layout) {
      diagram = renderDiagram(layout, detail?.state ?? null);
      replace(diagramBox, diagram);
    } else if (diagramBox.textContent === 'loading diagram…') {
      replace(diagramBox, h('p', { class: 'muted' }, 'This kind keeps data without states (store logic): nothing to draw.'));
    }
    renderSend();
    if (detail) renderMoment();
  };

  /** Reaction-table agents are drawn as their current mode: fetch again when the mode moves off the drawing. */
  const followMode = () => {
    if (!diagram || !layout || !detail?.state || detail.state === diagramFor || position !== null) return;
    if (!diagram.querySelector('g.state.atomic.active')) void loadDiagram();
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
    followMode();
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void load(), Math.max(500, REFRESH_MS - (Date.now() - lastFetch)));
  });

  replace(view,
    h('section', { class: 'card' }, head, buttons),
    h('section', { class: 'card' }, h('h3', null, 'State machine'), diagramBox, travel),
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
