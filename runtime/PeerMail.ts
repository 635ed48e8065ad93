import type { Mail } from './hostProtocol.ts';
import type { PeerTransport } from './PeerTransport.ts';
import { decode, encode, type PeerBatch } from './wire.ts';

/**
 * One shard host's mail with the other hosts: what this tick sends each peer, sent as one batch per peer per tick
 * (even empty, so a peer knows the tick is complete); the peers' batches by tick (a peer may run ahead into the
 * next); and the batches sent since the collection before last, which a rebuilt peer is handed back.
 */
export class PeerMail {
  private out: Mail[][];
  /** peer batches by tick, then sender */
  private readonly inbox = new Map<number, Map<number, Mail[]>>();
  private wake: (() => void) | null = null;
  /**
   * batches sent to each peer since the collection before last (a rebuilt peer replays them): two generations,
   * because a peer lost during a collecting tick is rebuilt from the previous collection while this host has
   * already finished the new one
   */
  private sentLog: Uint8Array[][];
  private sentBefore: Uint8Array[][];
  /** the last tick whose peer batches were taken: later copies of its batches are stale */
  private exchanged = -1;

  constructor(
    private readonly index: number,
    private readonly hosts: number,
    private readonly transport: PeerTransport | null,
  ) {
    this.out = Array.from({ length: hosts }, () => []);
    this.sentLog = Array.from({ length: hosts }, () => []);
    this.sentBefore = Array.from({ length: hosts }, () => []);
    transport?.onBatch((bytes) => this.receive(bytes));
  }

  /** Mail for a shard of host `host`: it leaves with this tick's batch. */
  post(host: number, mail: Mail): void {
    this.out[host]!.push(mail);
  }

  /** How many messages each host gets from this one this tick. */
  counts(): number[] {
    return this.out.map((mail) => mail.length);
  }

  /** This tick's mail for the other hosts, taken instead of sent (a step between ticks: the conductor forwards it). */
  takeAll(): Mail[] {
    const all = this.out.flat();
    this.out = this.out.map(() => []);
    return all;
  }

  /**
   * Send each peer its batch of `tick`, wait for every peer's, and return what they sent this host (unordered).
   * Sent even while replaying: a peer lost at the same time replays too and needs them; live peers drop ticks
   * they already exchanged, and every receiver keeps the first batch per (tick, sender).
   */
  async exchange(tick: number): Promise<Mail[]> {
    if (!this.transport || this.hosts <= 1) return [];
    for (let peer = 0; peer < this.hosts; peer++) {
      if (peer === this.index) continue;
      const batch = encode({ tick, from: this.index, mail: this.out[peer]! } satisfies PeerBatch);
      this.sentLog[peer]!.push(batch);
      this.transport.send(peer, batch, tick);
      this.out[peer] = [];
    }
    const expected = this.hosts - 1;
    while ((this.inbox.get(tick)?.size ?? 0) < expected) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = null;
    const arrived: Mail[] = [];
    for (const mail of this.inbox.get(tick)!.values()) for (const m of mail) arrived.push(m);
    this.exchanged = tick;
    for (const t of this.inbox.keys()) if (t <= tick) this.inbox.delete(t);
    return arrived;
  }

  /** A peer's batch (over the transport, or handed back for a rebuild): kept until its tick is exchanged. */
  receive(bytes: Uint8Array): void {
    const { tick, from, mail } = decode<PeerBatch>(bytes);
    if (tick <= this.exchanged) return; // a replaying peer's copy of a tick this host is done with
    let byPeer = this.inbox.get(tick);
    if (!byPeer) this.inbox.set(tick, (byPeer = new Map()));
    if (byPeer.has(from)) return; // a rebuilt peer sending again what its predecessor sent
    byPeer.set(from, mail);
    this.wake?.();
  }

  /** A collection: the log of sent batches starts a new generation. */
  collected(): void {
    [this.sentBefore, this.sentLog] = [this.sentLog, this.sentBefore];
    for (const log of this.sentLog) log.length = 0;
  }

  /** A peer was rebuilt: what this host sent it since the collection before last; a port means a new channel to it. */
  adopt(peer: number, port: unknown): Uint8Array[] {
    if (port) (this.transport as unknown as { replace(peer: number, port: unknown): void }).replace(peer, port);
    return [...this.sentBefore[peer]!, ...this.sentLog[peer]!];
  }

  close(): void {
    this.transport?.close();
  }
}
