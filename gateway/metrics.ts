import { Counter, Gauge } from 'prom-client';
import { registry } from '../runtime/metrics.ts';

/** The gateway's own Prometheus metrics, on the process registry that `/metrics` serialises. */

export const gatewayEvents = new Counter({
  name: 'gateway_events_total',
  help: 'Game events received by the gateway, by outcome (accepted = journaled now, duplicate, throttled, refused = not journaled, see /api/v1/admin/events/refused)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const journalAppends = new Counter({
  name: 'gateway_journal_appends_total',
  help: 'Journal appends issued by group commit (fewer than dispatches when batches were grouped)',
  registers: [registry],
});

export const journalCallers = new Counter({
  name: 'gateway_journal_callers_total',
  help: 'Dispatches (HTTP or socket) served by those appends',
  registers: [registry],
});

export const openStreams = new Gauge({
  name: 'gateway_open_streams',
  help: 'Open long-lived connections (action streams, bridge sockets, dashboard feeds)',
  registers: [registry],
});
