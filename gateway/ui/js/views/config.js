// Live gateway settings: readable and changeable by superadmins only (the gateway enforces it; this view
// simply does not offer a form to anyone else).
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { flash, reportError } from '../notify.js';
import { session } from '../session.js';

const FIELDS = [
  ['limits.publicPerMinute', 'public requests per minute per address'],
  ['limits.playerPerSecond', 'game events per second per player'],
  ['limits.adminPerMinute', 'admin requests per minute per user'],
  ['leaseMs', 'action lease (ms)'],
  ['pendingBatch', 'actions per poll'],
];

const read = (obj, path) => path.split('.').reduce((o, k) => o?.[k], obj);

export function renderConfig(view) {
  if (!session.can('config')) {
    replace(view, h('section', { class: 'card', 'data-testid': 'config-denied' },
      h('h2', null, 'Config'),
      h('p', null, `Gateway settings are for superadmins; you are signed in as ${session.role}.`)));
    return () => {};
  }
  const box = h('div', null, 'loading…');
  const render = (cfg) => {
    const inputs = new Map();
    const form = h('form', {
      class: 'config', 'data-testid': 'config-form',
      onsubmit: async (e) => {
        e.preventDefault();
        const patch = { limits: {} };
        for (const [path, input] of inputs) {
          const value = Number(input.value);
          if (!Number.isFinite(value)) return flash(`${path} must be a number`, 'error');
          if (value === read(cfg.settings, path)) continue;
          if (path.startsWith('limits.')) patch.limits[path.slice(7)] = value;
          else patch[path] = value;
        }
        if (!Object.keys(patch.limits).length) delete patch.limits;
        try {
          render(await api('/api/v1/admin/config', { method: 'PATCH', body: patch }));
          flash('Settings saved');
        } catch (err) {
          reportError(err);
        }
      },
    },
    FIELDS.map(([path, label]) => {
      const input = h('input', { type: 'number', name: path, value: read(cfg.settings, path), min: 1, step: 1 });
      inputs.set(path, input);
      return h('label', { class: 'row' }, h('span', null, label), input);
    }),
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'config-save' }, 'Save'));
    replace(box, form,
      h('p', { class: 'muted' }, `bridge API keys: ${cfg.apiKeys} · admin API keys: ${cfg.adminApiKeys} · JWT: ${cfg.jwt ? 'on' : 'off'} · trusted bridges: ${(cfg.trustedBridges ?? []).join(', ') || 'none'}`));
  };
  replace(view, h('section', { class: 'card' }, h('h2', null, 'Config'), box));
  api('/api/v1/admin/config').then(render, reportError);
  return () => {};
}
