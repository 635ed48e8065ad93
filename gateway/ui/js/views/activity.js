// What went wrong and who did what: dead letters (gm+) and the admin audit log (admin+), as small tables.
import { api } from '../api.js';
import { formatTime, h, replace } from '../dom.js';

const short = (value, max = 120) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  return text.length > max ? `${text.slice(0, max)}…` : text;
};

/** Fill `box` with the latest dead letters (events that made an actor fail), newest first. */
export async function loadDeadLetters(box, limit = 10) {
  try {
    const { items } = await api('/api/v1/admin/dead-letters');
    const latest = items.slice(-limit).reverse();
    replace(box, latest.length
      ? h('table', { class: 'grid', 'data-testid': 'dead-letters' },
          h('thead', null, h('tr', null, ['actor', 'event', 'error', 'tick'].map((t) => h('th', null, t)))),
          h('tbody', null, latest.map((d) => h('tr', null,
            h('td', null, h('a', { class: 'mono', href: `#/actor/${encodeURIComponent(d.actorId)}` }, d.actorId)),
            h('td', null, d.event?.type ?? '?'),
            h('td', { class: 'error' }, short(d.error)),
            h('td', { class: 'num' }, d.tick)))))
      : h('p', { class: 'muted' }, 'No actor has failed.'));
  } catch (err) {
    replace(box, h('p', { class: 'error' }, String(err.message)));
  }
}

/** Fill `box` with the most recent admin writes (admin+ may read the audit log). */
export async function loadAudit(box, limit = 12) {
  try {
    const { items } = await api(`/api/v1/admin/audit?limit=${limit}`);
    replace(box, items.length
      ? h('table', { class: 'grid', 'data-testid': 'audit' },
          h('thead', null, h('tr', null, ['when', 'who', 'what', 'details'].map((t) => h('th', null, t)))),
          h('tbody', null, items.map((e) => h('tr', null,
            h('td', { class: 'small' }, formatTime(Date.parse(e.timestamp))),
            h('td', null, e.admin_user),
            h('td', { class: 'mono' }, e.action_type),
            h('td', { class: 'mono small' }, short(e.action_data, 80))))))
      : h('p', { class: 'muted' }, 'Nothing audited yet.'));
  } catch (err) {
    replace(box, h('p', { class: 'error' }, String(err.message)));
  }
}
