import { describe, expect, it } from 'vitest';
import { ActorHost } from './ActorHost.ts';
import { kinds } from '../test/runtime/fixtures/catalogue.ts';
import type { ActorBatch } from './protocol.ts';
import type { PlainEvent } from './messages.ts';

const batch = (id: string, tick: number, ...events: PlainEvent[]): ActorBatch => ({ order: 0, id, chunk: { now: tick * 1000, tick, events, from: events.map(() => 'test') } });
const countOf = (host: ActorHost, id: string) => (host.peek(id) as { context: { count: number } }).context.count;

describe('ActorHost', () => {
  it('creates actors on their first message and reports state changes and outputs per event', () => {
    const host = new ActorHost(kinds, 1);
    const result = host.deliver(batch('counter:a', 1, { type: 'toggle' }, { type: 'burst', to: 'counter:b' }, { type: 'inc' }));
    expect(result).toMatchObject({ delivered: 3, state: 'busy', ends: [0, 3, 3] });
    expect(result.outputs.map((o) => o.type)).toEqual(['midgard.send', 'midgard.send', 'midgard.send']);
    expect(countOf(host, 'counter:a')).toBe(1);
  });

  it('isolates a failure: the actor is dropped, outputs of the failing event discarded, other actors untouched', () => {
    const host = new ActorHost(kinds, 1);
    host.deliver(batch('counter:b', 1, { type: 'inc' }));
    const result = host.deliver(batch('counter:a', 1, { type: 'burst', to: 'counter:b' }, { type: 'boom' }, { type: 'inc' }));
    expect(result.failure).toEqual({ index: 1, error: 'Error: kaboom' });
    expect(result.delivered).toBe(1);
    expect(result.outputs).toHaveLength(3); // the burst before the failure stands
    expect(host.peek('counter:a')).toBeUndefined();
    expect(countOf(host, 'counter:b')).toBe(1);
  });

  it('lets idle actors go dormant and revives them with their state', () => {
    const host = new ActorHost(kinds, 1, { dormantAfterTicks: 5 });
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

  it('rebuilds from a snapshot plus replayed events without repeating their outputs', () => {
    const host = new ActorHost(kinds, 1);
    host.deliver(batch('counter:a', 1, { type: 'inc', n: 2 }));
    const snapshot = host.peek('counter:a');
    const replay = [batch('counter:a', 2, { type: 'burst', to: 'counter:b' }, { type: 'inc', n: 3 }).chunk];
    const result = host.deliver({ ...batch('counter:a', 3, { type: 'inc' }), restore: { snapshot, replay } });
    expect(result.outputs).toEqual([]); // the replayed burst already happened
    expect(countOf(host, 'counter:a')).toBe(6);
  });

  it('evicts live and dormant actors alike, handing over their snapshots', () => {
    const host = new ActorHost(kinds, 1, { dormantAfterTicks: 1 });
    host.deliver(batch('counter:a', 1, { type: 'inc' }));
    host.deliver(batch('counter:b', 5, { type: 'inc' }));
    host.compact(5);
    const evicted = host.evict(['counter:a', 'counter:b', 'counter:none']);
    expect(evicted.map((e) => e.id)).toEqual(['counter:a', 'counter:b']);
    expect(host.size).toBe(0);
  });

  it('stops the XState actors it lets go (dormancy, eviction, failure): nothing keeps running in the shared system', () => {
    const host = new ActorHost(kinds, 1, { dormantAfterTicks: 1 });
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
