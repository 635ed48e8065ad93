import type { NatsConnection } from '@nats-io/transport-node';
import { natsName } from './nats.ts';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';

/**
 * Mail between shards on different world nodes, through JetStream: one subject per receiving shard
 * (`midgard.<world>.mail.<shard>`), one message per (sender shard, receiver shard, tick) holding that tick's
 * batch, and a durable consumer per receiving shard.
 *
 * - **Nothing sent is lost:** a batch is stored before `send` resolves; the receiver acks it only once a
 *   checkpoint covers it (`ackThrough`), so after a node dies the shard's next owner gets every batch since
 *   that checkpoint again from the same durable consumer — the mail to replay.
 * - **Nothing is delivered twice:** the message id is `<from>.<to>.<tick>`, so a batch re-sent by a replaying
 *   sender inside the stream's duplicate window is dropped by the server; a receiver also skips ticks it has
 *   already applied (its checkpoint says up to which).
 * - **Deterministic order:** the receiver sorts a tick's batches by sender shard, whatever order they arrived in.
 *
 * @example
 * const mail = await MailStream.open(nc, 'main');
 * await mail.send({ from: 3, to: 7, tick: 120, mail: [envelope] });
 * const inbox = await mail.receiver(7);
 * const batches = await inbox.take(120, 2); // waits for the two batches the conductor announced
 */
export interface MailBatch<T = unknown> {
  from: number;
  to: number;
  tick: number;
  mail: T[];
}

const DUPLICATE_WINDOW_NS = 10 * 60 * 1e9;
const MAX_AGE_NS = 60 * 60 * 1e9;

export class MailStream {
  private constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    readonly world: string,
  ) {}

  static async open(nc: NatsConnection, world: string): Promise<MailStream> {
    natsName('world', world);
    const jsm = await jetstreamManager(nc);
    const name = MailStream.streamOf(world);
    // mail older than the duplicate window is covered by many checkpoints since: the stream does not grow forever
    const config = { name, subjects: [`midgard.${world}.mail.>`], duplicate_window: DUPLICATE_WINDOW_NS, max_age: MAX_AGE_NS };
    await jsm.streams.info(name).then(
      () => jsm.streams.update(name, config),
      () => jsm.streams.add(config),
    );
    return new MailStream(jetstream(nc), jsm, world);
  }

  static streamOf(world: string): string {
    return `MIDGARD_MAIL_${world}`;
  }

  /** Store bytes for a shard under a deduplicating id; resolves once JetStream holds them (or already did). */
  async publish(to: number, bytes: Uint8Array, msgID: string): Promise<{ duplicate: boolean }> {
    const ack = await this.js.publish(`midgard.${this.world}.mail.${to}`, bytes, { msgID });
    return { duplicate: ack.duplicate };
  }

  /**
   * Every message for a shard stored from now on, as bytes, through an ordered consumer (ephemeral, no acks: it
   * re-creates itself past the last message seen if one goes missing, so a reconnect loses nothing). Resolves
   * once the consumer exists on the server: a message stored after that is delivered. `stop` ends it.
   */
  async follow(shard: number, onMessage: (bytes: Uint8Array) => void): Promise<{ stop(): void }> {
    const consumer = await this.js.consumers.get(MailStream.streamOf(this.world), { filter_subjects: `midgard.${this.world}.mail.${shard}`, deliver_policy: DeliverPolicy.New });
    const messages = await consumer.consume({ max_messages: 512 });
    await consumer.info(true);
    void (async () => {
      for await (const m of messages) onMessage(m.data);
    })().catch(() => {});
    return messages;
  }

  /** Store one tick's batch for a shard; resolves once JetStream holds it (or already held it: a re-send). */
  async send<T>(batch: MailBatch<T>): Promise<{ duplicate: boolean }> {
    const ack = await this.js.publish(`midgard.${this.world}.mail.${batch.to}`, JSON.stringify(batch), { msgID: `${batch.from}.${batch.to}.${batch.tick}` });
    return { duplicate: ack.duplicate };
  }

  /**
   * The durable inbox of one shard: whoever owns the shard reads from where the last checkpoint left off. A new
   * owner taking over from a dead one (`takeover`) re-creates the consumer at its ack floor, so the mail since
   * that checkpoint comes again at once instead of after the dead owner's ack wait.
   */
  async receiver<T = unknown>(shard: number, options: { takeover?: boolean } = {}): Promise<ShardInbox<T>> {
    const stream = MailStream.streamOf(this.world);
    const durable = `shard-${shard}`;
    const base = { durable_name: durable, filter_subject: `midgard.${this.world}.mail.${shard}`, ack_policy: AckPolicy.All, max_ack_pending: 100_000 };
    const info = await this.jsm.consumers.info(stream, durable).catch(() => null);
    if (!info) await this.jsm.consumers.add(stream, { ...base, deliver_policy: DeliverPolicy.All });
    else if (options.takeover) {
      await this.jsm.consumers.delete(stream, durable);
      await this.jsm.consumers.add(stream, { ...base, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: info.ack_floor.stream_seq + 1 });
    }
    return new ShardInbox<T>(this.js, stream, durable);
  }

  /** Remove the world's stream (tests, a world deleted). */
  async destroy(): Promise<void> {
    await this.jsm.streams.delete(MailStream.streamOf(this.world)).catch(() => {});
  }
}

type Received = { ack(): void; info: { streamSequence: number } };

export class ShardInbox<T> {
  /** batches received and not yet taken, by tick */
  private readonly waiting = new Map<number, MailBatch<T>[]>();
  /** per tick, its batch stored last in the stream, for acking through a checkpoint */
  private readonly lastOfTick = new Map<number, Received>();
  /** ticks before this were applied: their batches (redelivered before an ack) are skipped */
  private floor = -Infinity;
  private wake: (() => void) | null = null;
  private readonly messages: Promise<{ stop(): void }>;

  constructor(js: JetStreamClient, stream: string, readonly durable: string) {
    // one continuous pull per inbox: batches land in `waiting` as they arrive, take() only waits for its tick
    this.messages = js.consumers.get(stream, durable).then(async (consumer) => {
      const messages = await consumer.consume({ max_messages: 512 });
      void (async () => {
        for await (const m of messages) this.receive(m.json<MailBatch<T>>(), m);
      })().catch(() => {});
      return messages;
    });
  }

  /**
   * The batches for `tick`, ordered by sender shard, once `expected` of them have arrived (the senders announce
   * their counts at the tick barrier).
   */
  async take(tick: number, expected: number, timeoutMs = 10_000): Promise<MailBatch<T>[]> {
    await this.messages;
    const deadline = Date.now() + timeoutMs;
    while ((this.waiting.get(tick)?.length ?? 0) < expected) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`shard inbox ${this.durable}: ${this.waiting.get(tick)?.length ?? 0} of ${expected} batches for tick ${tick} after ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const batches = (this.waiting.get(tick) ?? []).sort((a, b) => a.from - b.from);
    this.waiting.delete(tick);
    this.floor = Math.max(this.floor, tick + 1);
    return batches;
  }

  /** A checkpoint now covers every tick up to `tick`: ack them, so a new owner starts after it. */
  ackThrough(tick: number): void {
    let last: Received | undefined;
    for (const [t, m] of this.lastOfTick) {
      if (t > tick) continue;
      if (!last || m.info.streamSequence > last.info.streamSequence) last = m;
      this.lastOfTick.delete(t);
    }
    last?.ack(); // AckPolicy.All: acks every message stored before it too
  }

  /** Stop reading (the shard moved to another node). */
  async close(): Promise<void> {
    (await this.messages).stop();
  }

  private receive(batch: MailBatch<T>, m: Received): void {
    if (batch.tick < this.floor) return;
    const list = this.waiting.get(batch.tick) ?? this.waiting.set(batch.tick, []).get(batch.tick)!;
    if (list.some((b) => b.from === batch.from)) return;
    list.push(batch);
    const seen = this.lastOfTick.get(batch.tick);
    if (!seen || m.info.streamSequence > seen.info.streamSequence) this.lastOfTick.set(batch.tick, m);
    this.wake?.();
  }
}
