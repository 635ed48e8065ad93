// Whole kinds at once: pause, resume and step every actor of a kind, with the count the gateway reports.
import { api } from '../api.js';
import { formatNumber, h } from '../dom.js';
import { flash, reportError } from '../notify.js';
import { session } from '../session.js';

const kindPath = (kind) => `/api/v1/admin/kinds/${encodeURIComponent(kind)}`;

/** `paused` badge for a kind from the census's per-kind totals ({kind, actors, paused, kindPaused}). */
export function kindBadge(totals) {
  if (totals.kindPaused) return h('span', { class: 'badge paused', 'data-testid': `kind-paused-${totals.kind}` }, 'kind paused');
  if (totals.paused > 0) return h('span', { class: 'badge paused' }, `${formatNumber(totals.paused)} paused`);
  return null;
}

/** Pause/resume/step buttons for one kind; `onDone` refreshes whatever shows the counts. */
export function kindControls(totals, onDone) {
  if (!session.can('pause')) return null;
  const run = (button, work) => async () => {
    button.disabled = true;
    try {
      await work();
      await onDone();
    } catch (err) {
      reportError(err);
    } finally {
      button.disabled = false;
    }
  };
  const toggle = h('button', { class: 'small', 'data-testid': `kind-${totals.kindPaused ? 'resume' : 'pause'}-${totals.kind}` }, totals.kindPaused ? 'resume kind' : 'pause kind');
  toggle.addEventListener('click', run(toggle, async () => {
    const verb = totals.kindPaused ? 'resume' : 'pause';
    const r = await api(`${kindPath(totals.kind)}/${verb}`, { method: 'POST' });
    flash(`${verb === 'pause' ? 'Paused' : 'Resumed'} ${formatNumber(r.actors)} ${totals.kind} ${r.actors === 1 ? 'actor' : 'actors'}`);
  }));
  const step = h('button', { class: 'small', title: 'deliver one queued message to each actor of the kind (at most 1000)' }, 'step kind');
  step.addEventListener('click', run(step, async () => {
    const r = await api(`${kindPath(totals.kind)}/step`, { method: 'POST' });
    flash(`Stepped ${totals.kind}: ${formatNumber(r.stepped)} of ${formatNumber(r.actors)} had a message to handle`);
  }));
  return h('span', { class: 'kind-controls' }, toggle, ' ', step);
}
