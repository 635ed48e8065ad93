// What-if forks: copy the live world, change a rule, fast-forward days and compare with a baseline; archive
// checkpoints; replay the live world from one to a tick or a journal event and look at actors there.
import { api } from '../api.js';
import { formatTime, h, replace } from '../dom.js';
import { flash, reportError } from '../notify.js';
import { session } from '../session.js';

const REFRESH_MS = 2000;
const EXAMPLE = JSON.stringify({ economy: { dropFactor: 2, priceFactor: 1 }, spawnRate: 1, arcPacing: 1, pause: [], inject: [{ at: '20:00', event_type: 'player_login', count: 500 }] }, null, 2);

/** The comparison page is served to admins only: fetch it with the token and show it in a sandboxed frame. */
async function showReport(box, id) {
  const res = await fetch(`/api/v1/admin/forks/jobs/${encodeURIComponent(id)}/report.html`, { headers: { authorization: `Bearer ${session.token}` } });
  if (!res.ok) throw new Error(`the report is not available (${res.status})`);
  replace(box, h('iframe', { sandbox: '', srcdoc: await res.text(), title: `fork ${id} report`, 'data-testid': 'fork-report', style: 'width:100%;height:80vh;border:1px solid #ccc' }));
}

function jobRows(jobs, reportBox) {
  if (!jobs.length) return h('p', { class: 'muted' }, 'No fork yet.');
  return h('table', { 'data-testid': 'fork-jobs' },
    h('thead', null, h('tr', null, ['fork', 'from', 'days', 'changes', 'state', 'differences', ''].map((t) => h('th', null, t)))),
    h('tbody', null, jobs.map((j) => h('tr', null,
      h('td', null, h('code', null, j.id)),
      h('td', null, `${j.request.from} (tick ${j.fork?.checkpoint?.tick ?? '?'})`),
      h('td', null, String(j.request.days)),
      h('td', null, Object.keys(j.request.overrides).length ? JSON.stringify(j.request.overrides) : 'none'),
      h('td', null, j.state === 'running' ? `running ${(j.progress * 100).toFixed(0)}%` : j.state === 'copying' ? 'copying the world…' : j.state === 'failed' ? `failed: ${j.error}` : j.state),
      h('td', null, j.summary ? (j.summary.sameWorld ? 'same world' : `${j.summary.differences}: ${j.summary.top.slice(0, 3).map((d) => d.path).join(', ')}`) : ''),
      h('td', null, j.state === 'done' && j.request.baseline ? h('button', { onclick: () => showReport(reportBox, j.id).catch(reportError) }, 'Report') : '')))));
}

export function renderForks(view) {
  const from = h('input', { name: 'from', value: 'latest', 'aria-label': 'from' });
  const days = h('input', { name: 'days', type: 'number', min: '1', max: '365', value: '7', 'aria-label': 'days' });
  const overrides = h('textarea', { name: 'overrides', rows: '8', cols: '60', 'aria-label': 'overrides' }, EXAMPLE);
  const baseline = h('input', { type: 'checkbox', checked: true, 'aria-label': 'baseline' });
  const jobsBox = h('div', null, 'loading…');
  const reportBox = h('div');
  const checkpointsBox = h('div');
  const replayOut = h('pre', { 'data-testid': 'replay-result' });

  const start = async (event) => {
    event.preventDefault();
    let parsed;
    try {
      parsed = JSON.parse(overrides.value || '{}');
    } catch (err) {
      flash(`overrides: not JSON (${err.message})`, 'error');
      return;
    }
    try {
      const job = await api('/api/v1/admin/forks', { method: 'POST', body: { from: from.value || 'latest', days: Number(days.value), baseline: baseline.checked, overrides: parsed } });
      flash(`fork ${job.id} is running`);
      void load();
    } catch (err) {
      reportError(err);
    }
  };
  const loadCheckpoints = () => api('/api/v1/admin/forks/checkpoints').then((d) => replace(checkpointsBox, d.checkpoints.length
    ? h('table', { 'data-testid': 'fork-checkpoints' }, h('thead', null, h('tr', null, ['id (tick)', 'virtual time', 'journal', 'actors'].map((t) => h('th', null, t)))),
      h('tbody', null, d.checkpoints.map((c) => h('tr', null, h('td', null, String(c.id)), h('td', null, formatTime(c.now)), h('td', null, String(c.journalSeq)), h('td', null, String(c.actors))))))
    : h('p', { class: 'muted' }, 'No archived checkpoint yet.')), reportError);
  const archive = () => api('/api/v1/admin/forks/checkpoints', { method: 'POST' }).then((d) => { flash(d.id === null ? 'no checkpoint yet' : `archived checkpoint ${d.id}`); void loadCheckpoints(); }, reportError);

  const rCheckpoint = h('input', { type: 'number', min: '0', 'aria-label': 'checkpoint' });
  const rTick = h('input', { type: 'number', min: '0', placeholder: 'tick', 'aria-label': 'tick' });
  const rSeq = h('input', { type: 'number', min: '1', placeholder: 'or journal event', 'aria-label': 'journal event' });
  const rActors = h('input', { placeholder: 'actor ids, comma separated', value: 'economy:main', 'aria-label': 'actors' });
  const replay = async (event) => {
    event.preventDefault();
    const body = { checkpoint: Number(rCheckpoint.value), actors: rActors.value.split(',').map((s) => s.trim()).filter(Boolean) };
    if (rTick.value) body.tick = Number(rTick.value);
    else body.journalSeq = Number(rSeq.value);
    replace(replayOut, 'replaying…');
    try {
      let job = await api('/api/v1/admin/forks/replays', { method: 'POST', body });
      while (job.state === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        job = await api(`/api/v1/admin/forks/replays/${job.id}`);
      }
      replace(replayOut, job.state === 'failed' ? `replay failed: ${job.error}` : JSON.stringify(job.result, null, 2));
    } catch (err) {
      replace(replayOut, '');
      reportError(err);
    }
  };

  replace(view,
    h('section', { class: 'card' }, h('h2', null, 'What-if forks'),
      h('p', { class: 'muted' }, 'A fork copies the live world into its own place and runs it without the bridge, the outbox or paid models; the baseline runs the same days without changes.'),
      h('form', { onsubmit: start, 'data-testid': 'fork-form' },
        h('label', null, 'from ', from), ' ', h('label', null, 'days ', days), ' ', h('label', null, baseline, ' with baseline'),
        h('div', null, h('label', null, 'overrides (JSON)'), h('br'), overrides),
        h('button', { type: 'submit', class: 'primary' }, 'Fork')),
      jobsBox, reportBox),
    h('section', { class: 'card' }, h('h2', null, 'Checkpoints'), h('button', { onclick: archive }, 'Archive the current checkpoint'), checkpointsBox),
    h('section', { class: 'card' }, h('h2', null, 'Replay'),
      h('form', { onsubmit: replay }, h('label', null, 'from checkpoint ', rCheckpoint), ' to ', rTick, ' ', rSeq, ' ', rActors, ' ', h('button', { type: 'submit' }, 'Replay')),
      replayOut));

  const load = () => api('/api/v1/admin/forks').then((d) => replace(jobsBox, jobRows(d.jobs, reportBox)), reportError);
  void load();
  void loadCheckpoints();
  const timer = setInterval(load, REFRESH_MS);
  return () => clearInterval(timer);
}
