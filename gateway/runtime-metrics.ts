import { Gauge } from 'prom-client';
import type { WorldControl } from '../runtime/control.ts';
import { registry } from '../runtime/metrics.ts';

/**
 * What the dashboard shows, as Prometheus gauges, so Grafana can chart it too: actors by kind and state, the
 * tick, mailbox depth, dead letters, and what is paused. Read from the runtime's public surface at scrape time
 * (nothing is counted twice or kept in sync). One runtime per process: the last gateway created is the one
 * reported.
 */
let source: WorldControl | null = null;

/** Report `runtime` on `/metrics` from now on. */
export function reportRuntime(runtime: WorldControl): void {
  source = runtime;
}

/** Every actor summary once, in pages (the scan the census does not cover: mailboxes, per-actor pauses). */
function* everyActor(runtime: WorldControl) {
  const PAGE = 5000;
  for (let offset = 0; ; offset += PAGE) {
    const { items } = runtime.listActors({ offset, limit: PAGE });
    yield* items;
    if (items.length < PAGE) return;
  }
}

new Gauge({
  name: 'midgard_actors', help: 'Actors by kind and state', labelNames: ['kind', 'state'] as const, registers: [registry],
  collect() {
    this.reset();
    if (!source) return;
    if (source.census) for (const { kind, state, count } of source.census()) this.set({ kind, state }, count);
    else for (const a of everyActor(source)) this.inc({ kind: a.kind, state: a.state });
  },
});

new Gauge({
  name: 'midgard_world_tick', help: 'The world clock in ticks', registers: [registry],
  collect() {
    if (source) this.set(source.clock().tick);
  },
});

new Gauge({
  name: 'midgard_world_paused', help: '1 when the whole world is paused', registers: [registry],
  collect() {
    if (source) this.set(source.clock().paused ? 1 : 0);
  },
});

new Gauge({
  name: 'midgard_dead_letters', help: 'Events that made an actor fail (kept since start)', registers: [registry],
  collect() {
    if (source) this.set(source.stats().deadLetters);
  },
});

new Gauge({
  name: 'midgard_events_delivered', help: 'Events delivered to actors by this world process since it started (a counter: rate() gives events/s)', registers: [registry],
  collect() {
    if (source) this.set(source.stats().eventsDelivered);
  },
});

const byKind = (name: string, help: string, pick: (a: { mailbox: number; paused: boolean }) => number) =>
  new Gauge({
    name, help, labelNames: ['kind'] as const, registers: [registry],
    collect() {
      this.reset();
      if (!source) return;
      const totals = new Map<string, number>();
      for (const a of everyActor(source)) totals.set(a.kind, (totals.get(a.kind) ?? 0) + pick(a));
      for (const [kind, n] of totals) this.set({ kind }, n);
    },
  });

byKind('midgard_mailbox_depth', 'Messages waiting in mailboxes, by actor kind', (a) => a.mailbox);
byKind('midgard_actors_paused', 'Actors not running because they or their kind are paused, by kind', (a) => (a.paused ? 1 : 0));

new Gauge({
  name: 'midgard_kind_paused', help: '1 for each actor kind paused as a whole', labelNames: ['kind'] as const, registers: [registry],
  collect() {
    this.reset();
    if (!source) return;
    for (const kind of new Set((source.census?.() ?? []).map((c) => c.kind))) this.set({ kind }, source.isPaused({ kind }) ? 1 : 0);
  },
});
