import type { PeerTransport } from '../runtime/PeerTransport.ts';
import type { MailStream } from './MailStream.ts';

/**
 * Mail between host slots, for one world node: a slot served here gets its batches in memory, any other through
 * JetStream (`MailStream`: subject `midgard.<world>.mail.<slot>`, an ordered consumer per slot held here,
 * message id `<era>.<from>.<epoch>.<to>.<tick>`, so a retried publish is stored once while a successor's
 * replayed batch is not mistaken for its predecessor's). Each batch carries the era (the conductor epoch the
 * hosts serve) and the sending slot's lease epoch: a batch from another era, or from an older holder of its
 * slot than one already heard or announced, is dropped (fencing).
 *
 * A batch for a slot held here whose host is not open yet waits for it. A batch lost with a node that died is
 * given back by its sender's `adopt`, or sent again by the sender's own replay (HostPool): the stream is how mail
 * travels between live nodes without loss (a reconnect loses nothing), not the copy a rebuilt host is restored
 * from.
 */
export class MailMesh {
  /** open hosts' transports, by slot */
  private readonly open = new Map<number, NatsPeerTransport>();
  /** slots this node holds, with their JetStream pull */
  private readonly served = new Map<number, Promise<{ stop(): void }>>();
  /** batches for a held slot whose host is not open yet */
  private readonly early = new Map<number, Frame[]>();
  /** batches by way: in memory, through JetStream (sent / received), and dropped as stale (another era, an older holder) */
  readonly counts = { local: 0, published: 0, received: 0, fenced: 0 };

  /** parts of batches too large for one message, by sender and tick, until the last arrives */
  private readonly parts = new Map<string, Uint8Array[]>();

  /** `maxBytes`: the server's max_payload (a larger batch goes in parts) */
  constructor(
    private readonly stream: MailStream,
    private readonly maxBytes = 1_048_576,
  ) {}

  /**
   * This node now holds `slot`: read its mail stored from now on. Enough, because the conductor opens a slot's
   * host only after this (the node subscribes its host subject after it) and every batch sent before that open is
   * either one a peer hands back (`adopt`, in a rebuild) or none at all (a world starts ticking once every host is
   * open: NatsHosts).
   */
  serve(slot: number): Promise<void> {
    if (!this.served.has(slot)) {
      const follow = this.stream.follow(slot, (bytes) => {
        this.counts.received++;
        const frame = this.assemble(slot, bytes);
        if (frame) this.arrive(slot, frame);
      });
      this.served.set(slot, follow);
    }
    return this.served.get(slot)!.then(() => undefined);
  }

  /** The slot left this node: stop reading, forget its host. */
  async drop(slot: number): Promise<void> {
    const pull = this.served.get(slot);
    this.served.delete(slot);
    this.open.get(slot)?.close();
    this.early.delete(slot);
    for (const key of this.parts.keys()) if (key.startsWith(`${slot}.`)) this.parts.delete(key);
    (await pull?.catch(() => null))?.stop();
  }

  async close(): Promise<void> {
    for (const slot of [...this.served.keys()]) await this.drop(slot);
  }

  /** A transport for a host opened on `slot` for `era`, under the slot's lease `epoch`. */
  transport(slot: number, era: number, epoch: number, slots: number): NatsPeerTransport {
    this.open.get(slot)?.close();
    const transport = new NatsPeerTransport(this, slot, era, epoch, slots);
    this.open.set(slot, transport);
    const waiting = this.early.get(slot) ?? [];
    this.early.delete(slot);
    queueMicrotask(() => {
      for (const frame of waiting) this.arrive(slot, frame);
    });
    return transport;
  }

  /** @internal a transport's way out: in memory to a slot held here, else stored in JetStream */
  send(frame: Frame, to: number, tick: number): Promise<unknown> | null {
    if (this.served.has(to)) {
      this.counts.local++;
      setImmediate(() => this.arrive(to, frame));
      return null;
    }
    // the sender's epoch is in the id: a stale holder's batch must not take the id of its successor's
    const id = `${frame.era}.${frame.from}.${frame.epoch}.${to}.${tick}`;
    const size = this.maxBytes - 1024;
    const of = Math.max(1, Math.ceil(frame.batch.length / size));
    this.counts.published += of;
    const parts = Array.from({ length: of }, (_, part) =>
      this.stream.publish(to, toBytes(frame, tick, part, of, frame.batch.subarray(part * size, (part + 1) * size)), of === 1 ? id : `${id}.${part}`),
    );
    return of === 1 ? parts[0]! : Promise.all(parts);
  }

  /** A whole frame, or null while parts of a large one are missing. */
  private assemble(slot: number, bytes: Uint8Array): Frame | null {
    const { frame, tick, part, of } = unframe(bytes);
    if (of === 1) return frame;
    const key = `${slot}.${frame.era}.${frame.from}.${frame.epoch}.${tick}`;
    const parts = this.parts.get(key) ?? [];
    this.parts.set(key, parts);
    parts[part] = frame.batch.slice();
    if (parts.filter(Boolean).length < of) return null;
    this.parts.delete(key);
    const whole = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      whole.set(p, at);
      at += p.length;
    }
    return { ...frame, batch: whole };
  }

  /** @internal */
  closed(transport: NatsPeerTransport): void {
    if (this.open.get(transport.slot) === transport) this.open.delete(transport.slot);
  }

  private arrive(slot: number, frame: Frame): void {
    const host = this.open.get(slot);
    if (host && host.era === frame.era) return host.deliver(frame);
    if (!this.served.has(slot) || (host && host.era > frame.era)) {
      this.counts.fenced++; // not ours (any more), or an older era's
      return;
    }
    let list = this.early.get(slot);
    if (!list) this.early.set(slot, (list = []));
    list.push(frame);
  }
}

/** One hosted slot's transport (a ShardHost's peers), fenced by era and per-sender epoch. */
export class NatsPeerTransport implements PeerTransport {
  private listener: (batch: Uint8Array) => void = () => {};
  /** per sender slot, the oldest epoch still accepted */
  private readonly floor: number[];
  private pending: Promise<unknown>[] = [];
  private isClosed = false;

  constructor(
    /** @internal */
    readonly mesh: MailMesh,
    readonly slot: number,
    readonly era: number,
    readonly epoch: number,
    slots: number,
  ) {
    this.floor = Array.from({ length: slots }, () => 0);
  }

  send(peer: number, batch: Uint8Array, tick: number): void {
    if (this.isClosed) return;
    const sent = this.mesh.send({ era: this.era, epoch: this.epoch, from: this.slot, batch }, peer, tick);
    if (!sent) return;
    sent.catch(() => {}); // seen by flushed(); a host that never gets there (its node died) must not crash the process
    this.pending.push(sent);
  }

  onBatch(listener: (batch: Uint8Array) => void): void {
    this.listener = listener;
  }

  /** Resolves once every batch sent so far is stored: a host replies to its conductor only after this. */
  async flushed(): Promise<void> {
    while (this.pending.length) {
      const pending = this.pending;
      this.pending = [];
      await Promise.all(pending);
    }
  }

  /** The conductor's view of every slot's current epoch: batches from older holders are dropped from now on. */
  fence(epochs: number[]): void {
    for (let slot = 0; slot < epochs.length && slot < this.floor.length; slot++) this.floor[slot] = Math.max(this.floor[slot]!, epochs[slot]!);
  }

  /** @internal */
  deliver(frame: Frame): void {
    if (this.isClosed || frame.epoch < this.floor[frame.from]!) {
      this.mesh.counts.fenced++;
      return;
    }
    this.floor[frame.from] = frame.epoch; // a newer holder's batch fences the older one's out
    this.listener(frame.batch);
  }

  close(): void {
    this.isClosed = true;
    this.mesh.closed(this);
  }
}

/** A batch with what fences it: the era it belongs to, the sending slot and its lease epoch. */
export interface Frame {
  era: number;
  epoch: number;
  from: number;
  batch: Uint8Array;
}

/** era u32, epoch u32, from u16, tick u32, part u16, of u16 */
const HEADER = 18;

function toBytes({ era, epoch, from }: Frame, tick: number, part: number, of: number, body: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(HEADER + body.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, era);
  view.setUint32(4, epoch);
  view.setUint16(8, from);
  view.setUint32(10, tick);
  view.setUint16(14, part);
  view.setUint16(16, of);
  bytes.set(body, HEADER);
  return bytes;
}

function unframe(bytes: Uint8Array): { frame: Frame; tick: number; part: number; of: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const frame = { era: view.getUint32(0), epoch: view.getUint32(4), from: view.getUint16(8), batch: bytes.subarray(HEADER) };
  return { frame, tick: view.getUint32(10), part: view.getUint16(14), of: view.getUint16(16) };
}
