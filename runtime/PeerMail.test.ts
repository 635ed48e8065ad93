import { describe, expect, it } from 'vitest';
import { PeerMail } from './PeerMail.ts';
import type { PeerTransport } from './PeerTransport.ts';
import type { Mail } from './hostProtocol.ts';

/** Hosts wired to each other in memory: what one sends, the other receives at once. */
function wired(hosts: number): PeerMail[] {
  const listeners: ((bytes: Uint8Array) => void)[] = [];
  const mails = Array.from({ length: hosts }, (_, index) => {
    const transport: PeerTransport = {
      send: (peer, batch) => queueMicrotask(() => listeners[peer]!(batch)),
      onBatch: (listener) => void (listeners[index] = listener),
      close: () => undefined,
    };
    return new PeerMail(index, hosts, transport);
  });
  return mails;
}

const mail = (to: string, shard: number, seq: number): Mail => [to, { type: 'hi' }, 'npc:x', 't', shard, seq];

describe('PeerMail', () => {
  it('exchanges one batch per peer per tick, even empty, and hands each host what was sent to it', async () => {
    const [a, b] = wired(2) as [PeerMail, PeerMail];
    a.post(1, mail('npc:1', 0, 1));
    expect(a.counts()).toEqual([0, 1]);
    const [fromB, fromA] = await Promise.all([a.exchange(0), b.exchange(0)]);
    expect(fromB).toEqual([]);
    expect(fromA).toEqual([mail('npc:1', 0, 1)]);
    expect(a.counts()).toEqual([0, 0]);
  });

  it('keeps a batch of a tick ahead, ignores a second copy of one, and drops copies of ticks already exchanged', async () => {
    const [a, b] = wired(2) as [PeerMail, PeerMail];
    b.post(0, mail('npc:0', 1, 1));
    const ahead = b.exchange(0); // b sends its tick-0 batch before a starts the tick
    await Promise.resolve();
    const [fromB] = await Promise.all([a.exchange(0), ahead]);
    expect(fromB).toEqual([mail('npc:0', 1, 1)]);
    // a rebuilt b replays tick 0: its copy is stale for a
    for (const bytes of b.adopt(0, null)) a.receive(bytes);
    const [again] = await Promise.all([a.exchange(1), b.exchange(1)]);
    expect(again).toEqual([]);
  });

  it('hands a rebuilt peer what was sent to it since the collection before last', async () => {
    const [a, b] = wired(2) as [PeerMail, PeerMail];
    const tick = async (t: number) => {
      a.post(1, mail('npc:1', 0, t));
      await Promise.all([a.exchange(t), b.exchange(t)]);
    };
    await tick(0);
    a.collected();
    await tick(1);
    a.collected();
    await tick(2);
    const fresh = wired(2)[1]!; // a fresh b, given the batches back
    for (const bytes of a.adopt(1, null)) fresh.receive(bytes);
    expect(a.adopt(1, null)).toHaveLength(2); // ticks 1 and 2: tick 0 is older than the collection before last
    // tick 1's batch is there already (the fresh host's own send goes to a peer nobody runs here)
    expect(await fresh.exchange(1)).toEqual([mail('npc:1', 0, 1)]);
  });

  it('takes this tick\'s mail for other hosts instead of sending it (a step)', () => {
    const [a] = wired(3) as [PeerMail];
    a.post(1, mail('npc:1', 0, 1));
    a.post(2, mail('npc:2', 0, 2));
    expect(a.takeAll()).toEqual([mail('npc:1', 0, 1), mail('npc:2', 0, 2)]);
    expect(a.counts()).toEqual([0, 0, 0]);
  });
});
