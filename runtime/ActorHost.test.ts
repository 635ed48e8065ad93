import { describe, expect, it } from 'vitest';
import { ActorHost } from './ActorHost.ts';
import { kinds } from '../test/runtime/fixtures/catalogue.ts';
import type { ActorBatch } from './protocol.ts';
import type { PlainEvent } from './messages.ts';

const batch = (id: string, tick: number, ...events: PlainEvent[]): ActorBatch => ({ id, tick, now: tick * 1000, mail: events.map((e, seq) => [id, e, 'test', 't', -1, seq]) });
const countOf = (host: ActorHost, id: string) => (host.peek(id) as { context: { count: number } }).context.count;

describe('ActorHost', () => {
  it('creates actors on their first message and reports state changes and outputs per event', () => {
    const host = new ActorHost(kinds, 1);
    const result = host.deliver(batch('counter:a', 1, { type: 'toggle' }, { type: 'burst', to: 'counter:b' }, { type: 'inc' }));
    expect(result).toMatchObject({ delivered: 3, state: 'busy', ends: [0, 3, 3] });
    expect(result.outputs.map((o) => o.type)).toEqual(['midgard.send', 'midgard.send', 'midgard.send']);
    expect(countOf(host, 'counter:a')).toBe(1);
  });

  it('isolates a failure: outputs of the failing event discarded, the actor back at its state before it, others untouched', () => {
    const host = new ActorHost(kinds, 1);
    host.deliver(batch('counter:b', 1, { type: 'inc' }));
    host.deliver(batch('counter:a', 1, { type: 'inc', n: 2 }));
    const result = host.deliver(batch('counter:a', 2, { type: 'burst', to: 'counter:b' }, { type: 'inc', n: 3 }, { type: 'boom' }, { type: 'inc' }));
    expect(result.failure).toEqual({ index: 2, error: 'Error: kaboom' });
    expect(result.delivered).toBe(2);
    expect(result.outputs).toHaveLength(3); // the burst before the failure stands
    expect(countOf(host, 'counter:a')).toBe(5); // restarted from its state before the failing event
    expect(host.counts()).toEqual({ live: 1, dormant: 1 });
    expect(host.dirtySnapshots().map((s) => s.id).sort()).toEqual(['counter:a', 'counter:b']);
    const next = host.deliver(batch('counter:a', 3, { type: 'inc' }));
    expect(next.outputs).toEqual([]); // revived without repeating anything
    expect(countOf(host, 'counter:a')).toBe(6);
    expect(countOf(host, 'counter:b')).toBe(1);
  });

  it('drops a brand-new actor failing on its first event: it starts afresh on its next message', () => {
    const host = new ActorHost(kinds, 1);
    expect(host.deliver(batch('counter:a', 1, { type: 'boom' })).failure?.index).toBe(0);
    expect(host.has('counter:a')).toBe(false);
  });

  it('lets idle actors go dormant and revives them with their state', () => {
    const host = new ActorHost(kinds, 1, { dormantAfterTicks: 5, liveBudget: 0 });
    host.deliver(batch('counter:old', 1, { type: 'inc', n: 4 }, { type: 'toggle' }));
    host.deliver(batch('counter:new', 9, { type: 'inc' }));
    host.compact(9);
    expect(host.counts()).toEqual({ live: 1, dormant: 1 });
    expect(host.dirtySnapshots().map((s) => s.id).sort()).toEqual(['counter:new', 'counter:old']); // dormancy keeps dirtiness
    const result = host.deliver(batch('counter:old', 10, { type: 'inc', n: 1 }, { type: 'toggle' }));
    expect(result).toMatchObject({ delivered: 2, state: 'idle' });
    expect(countOf(host, 'counter:old')).toBe(5);
    expect(host.counts()).toEqual({ live: 2, dormant: 0 });
  });

  it('keeps idle actors live while the host is under its live budget', () => {
    const host = new ActorHost(kinds, 1, { dormantAfterTicks: 5, liveBudget: 2 });
    host.deliver(batch('counter:a', 1, { type: 'inc' }));
    host.deliver(batch('counter:b', 1, { type: 'inc' }));
    host.compact(20);
    expect(host.counts()).toEqual({ live: 2, dormant: 0 });
    host.deliver(batch('counter:c', 20, { type: 'inc' }));
    host.compact(21);
    expect(host.counts()).toEqual({ live: 1, dormant: 2 });
  });

  it('rebuilds from a snapshot without repeating its outputs', () => {
    const host = new ActorHost(kinds, 1);
    host.deliver(batch('counter:a', 1, { type: 'inc', n: 2 }, { type: 'burst', to: 'counter:b' }));
    const snapshot = host.peek('counter:a');
    const result = host.deliver({ ...batch('counter:a', 3, { type: 'inc' }), restore: { snapshot } });
    expect(result.outputs).toEqual([]);
    expect(countOf(host, 'counter:a')).toBe(3);
  });

  it('evicts live and dormant actors alike, handing over their snapshots', () => {
    const host = new ActorHost(kinds, 1, { dormantAfterTicks: 1, liveBudget: 0 });
    host.deliver(batch('counter:a', 1, { type: 'inc' }));
    host.deliver(batch('counter:b', 5, { type: 'inc' }));
    host.compact(5);
    const evicted = host.evict(['counter:a', 'counter:b', 'counter:none']);
    expect(evicted.map((e) => e.id)).toEqual(['counter:a', 'counter:b']);
    expect(host.size).toBe(0);
  });

  it('stops the XState actors it lets go (dormancy, eviction, failure): nothing keeps running in the shared system', () => {
    const host = new ActorHost(kinds, 1, { dormantAfterTicks: 1, liveBudget: 0 });
    const refs: { getSnapshot(): { status: string } }[] = [];
    const live = (host as unknown as { live: Map<string, { actor: { getSnapshot(): { status: string } } }> }).live;
    for (const id of ['counter:a', 'counter:b', 'counter:c']) {
      host.deliver(batch(id, 1, { type: 'inc' }));
      refs.push(live.get(id)!.actor);
    }
    host.deliver(batch('counter:a', 5, { type: 'boom' }));
    host.evict(['counter:b']);
    host.compact(5);
    // the failed one stopped itself on its error; the others were stopped by the host
    expect(refs.map((r) => r.getSnapshot().status)).toEqual(['error', 'stopped', 'stopped']);
    expect(refs.map((r) => (r as unknown as { _processingStatus: number })._processingStatus)).toEqual([2, 2, 2]); // XState: 2 = Stopped
  });
});
