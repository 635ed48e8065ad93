import { describe, expect, it } from 'vitest';
import { ShardHost } from './ShardHost.ts';
import type { PeerTransport } from './PeerTransport.ts';
import type { HostReport, Mail } from './hostProtocol.ts';
import { shardOf } from './actorId.ts';
import { kinds, RING } from '../test/runtime/fixtures/catalogue.ts';

const SHARDS = 16;

/** Peers in one thread: a batch arrives on a later turn, as it would over a port or a network. */
function memoryTransports(count: number): PeerTransport[] {
  const listeners: ((batch: Uint8Array) => void)[] = [];
  return Array.from({ length: count }, (_, index) => ({
    send: (peer, batch) => void setImmediate(() => listeners[peer]!(batch)),
    onBatch: (listener) => void (listeners[index] = listener),
    close: () => {},
  }));
}

/** Run `ticks` ticks of gossip over `count` hosts; the snapshot of every actor at the end, by id. */
async function gossip(count: number, ticks: number): Promise<{ snapshots: Record<string, unknown>; reports: HostReport[][] }> {
  const transports = memoryTransports(count);
  const hosts = transports.map(
    (transport, index) =>
      new ShardHost(kinds, { index, hosts: count, shards: SHARDS, worldSeed: 3, maxPerTick: 100, passivateAfterMs: 0, catalogueUrl: '' }, count > 1 ? transport : null, async (ids) => Object.fromEntries(ids.map((id) => [id, null]))),
  );
  const reports: HostReport[][] = [];
  for (let tick = 1; tick <= ticks; tick++) {
    const external: Mail[][] = hosts.map(() => []);
    if (tick === 1) for (let i = 0; i < RING; i += 5) external[shardOf(`relay:${i}`, SHARDS) % count]!.push([`relay:${i}`, { type: 'gossip', hops: 5 }, 'test', `t${i}`, -1, i]);
    reports.push(await Promise.all(hosts.map((host, i) => host.handle({ op: 'tick', tick, now: tick * 1000, external: external[i]!, collect: tick === ticks }))));
  }
  const snapshots: Record<string, unknown> = {};
  for (const report of reports.at(-1)!) for (const [id, snapshot] of report.rows ?? []) if (snapshot !== undefined) snapshots[id] = snapshot;
  return { snapshots, reports };
}

describe('ShardHost', () => {
  it('gives every actor the same history with one host or three exchanging batches over a transport', async () => {
    const one = await gossip(1, 8);
    const three = await gossip(3, 8);
    expect(Object.keys(one.snapshots).length).toBe(RING);
    expect(three.snapshots).toEqual(one.snapshots);
    // the peers really carried mail: each host reports how much it sent each other host
    const crossHost = three.reports.flat().reduce((sum, r) => sum + (r.sent ?? []).reduce((a, b) => a + b, 0), 0);
    expect(crossHost).toBeGreaterThan(20);
  });

  it('reports only visible changes: a state or mailbox per actor, never the messages themselves', async () => {
    const { reports } = await gossip(2, 3);
    const first = reports[0]!;
    expect(first.every((r) => r.outgoing.length === 0)).toBe(true); // gossip has no effects
    const ids = first.flatMap((r) => r.changes.map((c) => c[0]));
    expect(new Set(ids).size).toBe(ids.length); // one change row per actor
  });

  it('reports a mailbox only when a tick leaves it other than last reported: mail delivered at once costs no row', async () => {
    const host = new ShardHost(kinds, { index: 0, hosts: 1, shards: SHARDS, worldSeed: 3, maxPerTick: 1, passivateAfterMs: 0, catalogueUrl: '' }, null, async (ids) => Object.fromEntries(ids.map((id) => [id, null])));
    const mail = (to: string, seq: number): Mail => [to, { type: 'noop' }, 'test', `t${seq}`, -1, seq];
    const tick = (n: number, external: Mail[]) => host.handle({ op: 'tick', tick: n, now: n * 1000, external, collect: false });
    const mailboxOf = (r: HostReport, id: string) => r.changes.find((c) => c[0] === id)?.[3];
    await tick(1, [mail('relay:1', 1), mail('relay:2', 2)]); // both created: a status row each
    const second = await tick(2, [mail('relay:1', 3), mail('relay:2', 4), mail('relay:2', 5)]);
    expect(mailboxOf(second, 'relay:1')).toBeUndefined(); // delivered in the tick it came: nothing to say
    expect(mailboxOf(second, 'relay:2')).toBe(1); // one per tick: one left
    const third = await tick(3, []);
    expect(mailboxOf(third, 'relay:2')).toBe(0);
  });
});
