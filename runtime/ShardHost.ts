import type { ActorKind } from './ActorKind.ts';
import type { Envelope, Transition } from './control.ts';
import type { ActorBatch, ActorResult } from './protocol.ts';
import { OUTPUT, type Output, type PlainEvent } from './messages.ts';
import type { Change, Control, HostActorStatus, HostCommand, HostReport, HostSetup, HostStatus, Mail, MailBatch, Outgoing, Row } from './hostProtocol.ts';
import type { Counters } from './World.ts';
import type { PeerTransport } from './PeerTransport.ts';
import { ActorHost } from './ActorHost.ts';
import { TimerWheel } from './TimerWheel.ts';
import { mailOf } from './wire.ts';
import { PeerMail } from './PeerMail.ts';
import { kindOf, parseActorId, shardOf, traceOf } from './actorId.ts';
import { log } from './log.ts';
import { stamp, type TickStamps } from './tickPhases.ts';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Heap figures should mean live objects, not garbage awaiting collection. Worker threads refuse `--expose-gc`
 * in execArgv, so the flag is set at run time and `gc` taken from a fresh context.
 */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** What a host knows of one of its actors (the XState actor itself, when resident, is in the ActorHost). */
interface Resident {
  status: HostActorStatus;
  shard: number;
  /** queued mail, as it travels (an Envelope only when it leaves the host: rows, inspection) */
  mailbox: Mail[] | null;
  lastActive: number;
  /** mailbox length the conductor was last told */
  shown: number;
  /** the tally (and collection window) in which it was last marked touched with changed mail: marks it once */
  marked: number;
}

/** The host's way to the conductor's snapshots (passive actors, failed ones): snapshot or null per id. */
export type LoadSnapshots = (ids: string[]) => Promise<Record<string, unknown>>;

interface Tally {
  counters: Counters;
  changes: Map<string, { state?: string; status?: HostActorStatus; errors?: number }>;
  mailboxes: Set<string>;
  outgoing: Outgoing[];
  transitions: Transition[];
  passivated: [string, unknown][];
}

/** Mail as it is stored and shown: numbered in mailbox order (restore re-queues by that number). */
const envelopes = (mailbox: Mail[] | null): Envelope[] => (mailbox ?? []).map(([to, event, from, trace], seq) => ({ to, event, from, trace, seq }));

const noop = () => undefined;
const NO_SNAPSHOTS: Record<string, unknown> = Object.freeze({});

const emptyCounters = (): Counters => ({ ticksRun: 0, eventsDelivered: 0, messagesSent: 0, effectsEmitted: 0, failures: 0, restarts: 0, passivations: 0, activations: 0, workerRebuilds: 0 });
const emptyTally = (): Tally => ({ counters: emptyCounters(), changes: new Map(), mailboxes: new Set(), outgoing: [], transitions: [], passivated: [] });

/**
 * A shard host: owns whole shards — their actors, mailboxes, timers, supervision, dirty tracking and
 * passivation. One per worker (or one in the main thread with 0 workers).
 *
 * Tick t: take the conductor's external mail, fire due timers, deliver every unpaused actor's mail (at most
 * maxPerTick each), send mail for other hosts' shards straight to them (one batch per peer, even empty), wait
 * for every peer's batch of tick t, queue what arrived in (sender shard, sequence) order, and report only what
 * the main thread must see: state/status/mailbox changes, effects, publications and dead letters (keyed by
 * shard and sequence), counters. Whatever the number of hosts, each actor sees the same events in the same order.
 */
export class ShardHost {
  private readonly actors: ActorHost;
  private readonly kinds: Set<string>;
  private readonly records = new Map<string, Resident>();
  /** ids with queued mail, in the order their mail arrived */
  private readonly ready = new Set<string>();
  /** active ids, least recently active first: passivation scans from the front */
  private readonly byActivity = new Map<string, true>();
  /** ids whose row (snapshot, timers, mailbox) changed since the last collection */
  private readonly touched = new Set<string>();
  private readonly timers = new TimerWheel();
  private control: { actors: Set<string>; kinds: Set<string>; watched: Set<string> } = { actors: new Set(), kinds: new Set(), watched: new Set() };
  private tick = 0;
  private now = 0;
  /** per shard: outputs numbered so far this tick */
  private readonly seqs: Int32Array;
  private tally = emptyTally();
  /** bumped with every new tally and every collection: a record marked in this one is in `touched` and the tally */
  private generation = 1;
  /** this tick's mail for my own shards (mine and the peers'), queued in key order at the end of the tick */
  private arrivals: Mail[] = [];
  private readonly peerMail: PeerMail;
  /** replaying a lost predecessor's commands: nothing reaches the conductor (batches still go to the peers) */
  private muted = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    kinds: ActorKind[],
    private readonly setup: HostSetup,
    peers: PeerTransport | null,
    private readonly load: LoadSnapshots,
  ) {
    this.actors = new ActorHost(kinds, setup.worldSeed);
    this.kinds = new Set(kinds.map((k) => k.kind));
    this.seqs = new Int32Array(setup.shards);
    this.peerMail = new PeerMail(setup.index, setup.hosts, peers);
  }

  /** Commands run one at a time, in order; `adopt` and `stats` answer at once (a peer rebuild must not wait for a tick). */
  handle(command: HostCommand): Promise<HostReport> {
    if (command.op === 'adopt' || command.op === 'stats') return Promise.resolve(this.run(command));
    const next = this.queue.then(() => this.run(command));
    this.queue = next.then(noop, noop); // not `next` itself: it would keep the last report alive
    return next;
  }

  private async run(command: HostCommand): Promise<HostReport> {
    switch (command.op) {
      case 'tick':
        return this.runTick(command.tick, command.now, command.external, command.collect);
      case 'step':
        return this.step(command.id, command.tick, command.now, command.external);
      case 'collect':
        this.tick = command.tick;
        this.now = command.now;
        return this.report(await this.collect());
      case 'control':
        this.setControl(command.control);
        return this.report();
      case 'inspect':
        return { ...this.report(), actor: this.inspect(command.id) };
      case 'load':
        this.loadRows(command.rows, command.ready);
        this.resetTally();
        return this.report();
      case 'replay':
        return this.replay(command.commands, command.batches);
      case 'adopt':
        return { ...this.report(false), batches: this.peerMail.adopt(command.peer, command.port) };
      case 'stats':
        return { ...this.report(false), stats: this.stats() };
      case 'stop':
        this.peerMail.close();
        return this.report(false);
    }
  }

  // ── the tick ──────────────────────────────────────────────────────────────────────────────────────────────

  private async runTick(tick: number, now: number, external: MailBatch, collect: boolean): Promise<HostReport> {
    const started = stamp();
    this.tick = tick;
    this.now = now;
    this.seqs.fill(0);
    this.takeExternal(external);
    for (const timer of this.timers.takeDue(now)) {
      this.touched.add(timer.actorId);
      this.enqueue([timer.actorId, timer.event, 'timer', traceOf('timer', timer.actorId, timer.id, timer.due), -2, 0]);
    }
    const plan: string[] = [];
    const planned: Resident[] = [];
    let restoring: string[] | null = null;
    for (const id of this.ready) {
      if (this.paused(id)) continue;
      const record = this.records.get(id)!;
      plan.push(id);
      planned.push(record);
      if (this.fromSnapshot(id, record)) (restoring ??= []).push(id);
    }
    // one request to the conductor for every actor here whose state lives in its snapshot, none when none does
    const snapshots = restoring ? await this.load(restoring) : NO_SNAPSHOTS;
    for (let i = 0; i < plan.length; i++) {
      const id = plan[i]!;
      const record = planned[i]!;
      this.deliver(id, record, this.take(id, record, this.setup.maxPerTick), snapshots, false);
    }
    this.passivate();
    this.actors.compact(tick);
    const sent = this.peerMail.counts();
    const delivered = stamp();
    await this.exchange();
    const stamps: TickStamps = [started, delivered, stamp()];
    return { ...this.report(collect ? await this.collect() : undefined), sent, stamps };
  }

  /** Send each peer its batch, wait for every peer's, then queue this tick's mail for my shards in key order. */
  private async exchange(): Promise<void> {
    for (const mail of await this.peerMail.exchange(this.tick)) this.arrivals.push(mail);
    this.queueArrivals();
  }

  /** This tick's mail for my shards, queued in (sender shard, sequence) order: the same whatever the host count. */
  private queueArrivals(): void {
    const arrivals = this.arrivals;
    this.arrivals = [];
    arrivals.sort((a, b) => a[4] - b[4] || a[5] - b[5]);
    for (const mail of arrivals) this.enqueue(mail);
  }

  // ── delivery ──────────────────────────────────────────────────────────────────────────────────────────────

  private deliver(id: string, record: Resident, envelopes: Mail[], snapshots: Record<string, unknown>, inspect: boolean): ActorResult {
    const batch: ActorBatch = { id, tick: this.tick, now: this.now, mail: envelopes };
    if (inspect || this.control.watched.has(id)) batch.inspect = true;
    if (this.fromSnapshot(id, record)) batch.restore = { snapshot: snapshots[id] ?? null };
    const result = this.actors.deliver(batch);
    const { counters } = this.tally;
    counters.eventsDelivered += result.delivered;
    if (result.state !== undefined) this.changeOf(id).state = result.state;
    if (record.status !== 'active') {
      counters.activations++;
      this.changeOf(id).status = 'active';
    }
    this.markActive(id, record);
    this.touched.add(id);
    // An output's trace = its event's trace + its index among that event's outputs: independent of batching.
    let eventIndex = 0;
    for (let k = 0; k < result.outputs.length; k++) {
      while (eventIndex < result.ends.length - 1 && k >= result.ends[eventIndex]!) eventIndex++;
      const first = eventIndex === 0 ? 0 : result.ends[eventIndex - 1]!;
      this.carryOut(id, record.shard, result.outputs[k]!, traceOf(envelopes[eventIndex]?.[3] ?? id, id, k - first));
    }
    if (result.transitions && !this.muted) this.tally.transitions.push(...result.transitions);
    if (result.failure) {
      this.fail(id, record, result.failure.error, envelopes[result.failure.index] ?? null);
      this.requeue(id, record, envelopes.slice(result.failure.index + 1));
    }
    return result;
  }

  private carryOut(actorId: string, shard: number, output: Output, trace: string): void {
    switch (output.type) {
      case OUTPUT.send: {
        if (!output.event?.type || !this.canExist(output.to)) return this.dead(actorId, shard, trace, output.event ?? { type: '?' }, `cannot deliver to '${output.to}'`);
        this.tally.counters.messagesSent++;
        const mail: Mail = [output.to, output.event, actorId, trace, shard, ++this.seqs[shard]!];
        const host = shardOf(output.to, this.setup.shards) % this.setup.hosts;
        if (host === this.setup.index) this.arrivals.push(mail);
        else this.peerMail.post(host, mail);
        return;
      }
      case OUTPUT.effect:
        this.tally.counters.effectsEmitted++;
        this.outgoing([shard, ++this.seqs[shard]!, actorId, trace, output]);
        return;
      case OUTPUT.publish:
        this.outgoing([shard, ++this.seqs[shard]!, actorId, trace, output]);
        return;
      case OUTPUT.timer:
        if (!this.timers.set(actorId, output.timer, this.now)) this.dead(actorId, shard, trace, output.timer?.event ?? { type: '?' }, `invalid timer '${output.timer?.id}'`);
        this.touched.add(actorId);
        return;
      case OUTPUT.cancelTimer:
        this.timers.cancel(actorId, output.id);
        this.touched.add(actorId);
        return;
    }
  }

  private outgoing(row: Outgoing): void {
    if (!this.muted) this.tally.outgoing.push(row);
  }

  private dead(actorId: string, shard: number, trace: string, event: PlainEvent, error: string): void {
    this.outgoing([shard, ++this.seqs[shard]!, actorId, trace, { type: 'dead', event, error }]);
  }

  /** Supervision: the failing message goes to the dead letters; the actor restarts from its state before it (ActorHost). */
  private fail(id: string, record: Resident, error: string, envelope: Mail | null): void {
    this.tally.counters.failures++;
    this.tally.counters.restarts++;
    const change = this.changeOf(id);
    change.errors = (change.errors ?? 0) + 1;
    change.status = record.status = 'lost';
    if (envelope) this.dead(id, record.shard, envelope[3], envelope[1], error);
    if (!this.muted) log.warn({ actorId: id, error }, 'actor failed; restarting from its last snapshot');
  }

  private canExist(id: unknown): id is string {
    const parsed = typeof id === 'string' ? parseActorId(id) : null;
    return !!parsed && this.kinds.has(parsed.kind);
  }

  /** One request to the conductor for every actor here whose state lives in its snapshot (passive, failed, rebuilt). */
  private async snapshotsFor(ids: string[]): Promise<Record<string, unknown>> {
    const missing = ids.filter((id) => this.fromSnapshot(id, this.records.get(id)!));
    return missing.length ? this.load(missing) : {};
  }

  /** Whether an actor's next delivery rebuilds it from the conductor's snapshot (a restarted one is still here). */
  private fromSnapshot(id: string, record: Resident): boolean {
    const { status } = record;
    return status === 'passive' || status === 'stored' || (status === 'lost' && !this.actors.has(id));
  }

  // ── mailboxes ─────────────────────────────────────────────────────────────────────────────────────────────

  private recordOf(id: string): Resident {
    let record = this.records.get(id);
    if (!record) {
      record = { status: 'new', shard: shardOf(id, this.setup.shards), mailbox: null, lastActive: 0, shown: 0, marked: 0 };
      this.records.set(id, record);
      this.changeOf(id).status = 'new';
    }
    return record;
  }

  private enqueue(mail: Mail): void {
    const to = mail[0];
    const record = this.recordOf(to);
    if (record.mailbox) record.mailbox.push(mail);
    else {
      record.mailbox = [mail];
      this.ready.add(to); // a non-empty mailbox is always in `ready`
    }
    this.mark(to, record);
  }

  private takeExternal(external: MailBatch): void {
    for (const mail of mailOf(external)) this.enqueue(mail);
  }

  private take(id: string, record: Resident, max: number): Mail[] {
    const mailbox = record.mailbox;
    if (!mailbox) return [];
    const taken = mailbox.length <= max ? mailbox : mailbox.splice(0, max);
    if (taken === mailbox) {
      record.mailbox = null;
      this.ready.delete(id);
    }
    this.mark(id, record);
    return taken;
  }

  /** Undelivered mail goes back to the front, in its order. */
  private requeue(id: string, record: Resident, envelopes: Mail[]): void {
    if (!envelopes.length) return;
    record.mailbox = [...envelopes, ...(record.mailbox ?? [])];
    this.ready.add(id);
    this.tally.mailboxes.add(id);
  }

  private paused(id: string): boolean {
    return this.control.actors.has(id) || (this.control.kinds.size > 0 && this.control.kinds.has(kindOf(id)));
  }

  private setControl(control: Control): void {
    this.control = { actors: new Set(control.pausedActors), kinds: new Set(control.pausedKinds), watched: new Set(control.watched) };
  }

  // ── passivation ───────────────────────────────────────────────────────────────────────────────────────────

  private markActive(id: string, record: Resident): void {
    record.status = 'active';
    record.lastActive = this.now;
    if (this.setup.passivateAfterMs <= 0) return; // no passivation: no need to know who is least recently active
    this.byActivity.delete(id);
    this.byActivity.set(id, true);
  }

  private passivationDue(): number {
    if (this.setup.passivateAfterMs <= 0) return Infinity;
    for (const id of this.byActivity.keys()) return this.records.get(id)!.lastActive + this.setup.passivateAfterMs;
    return Infinity;
  }

  /** Actors idle long enough let go: their snapshots go to the conductor, which keeps them until the store has them. */
  private passivate(): void {
    if (this.passivationDue() > this.now) return;
    const cutoff = this.now - this.setup.passivateAfterMs;
    const idle: string[] = [];
    for (const id of this.byActivity.keys()) {
      const record = this.records.get(id)!;
      if (record.lastActive > cutoff) break;
      if ((record.status !== 'active' && record.status !== 'stored') || record.mailbox || this.control.watched.has(id)) {
        // busy or watched: look again after another idle period instead of blocking the scan
        if (record.status === 'active') this.markActive(id, record);
        else {
          this.byActivity.delete(id);
          if (record.status !== 'passive') this.byActivity.set(id, true);
        }
        continue;
      }
      idle.push(id);
    }
    const snapshots = new Map(this.actors.evict(idle).map((s) => [s.id, s.snapshot]));
    for (const id of idle) {
      const record = this.records.get(id)!;
      record.status = 'passive';
      this.byActivity.delete(id);
      this.changeOf(id).status = 'passive';
      this.tally.counters.passivations++;
      if (!this.muted) this.tally.passivated.push([id, snapshots.get(id)]);
    }
  }

  // ── collection, inspection, step ──────────────────────────────────────────────────────────────────────────

  /**
   * Revive failed actors, then report every row changed since the last collection, with fresh snapshots of the
   * actors that handled events since: the conductor then holds what rebuilds this host.
   */
  private async collect(): Promise<Pick<HostReport, 'rows' | 'readyOrder'>> {
    const lost = [...this.records].filter(([, r]) => r.status === 'lost').map(([id]) => id);
    if (lost.length) {
      const snapshots = await this.snapshotsFor(lost);
      for (const id of lost) this.deliver(id, this.records.get(id)!, [], snapshots, false);
    }
    const snapshots = new Map(this.actors.dirtySnapshots().map((s) => [s.id, s.snapshot]));
    for (const id of snapshots.keys()) this.touched.add(id);
    const rows: Row[] = [];
    for (const id of this.touched) {
      const r = this.records.get(id);
      if (r) rows.push([id, snapshots.get(id), this.timers.forActor(id), envelopes(r.mailbox), r.lastActive, r.status]);
    }
    this.touched.clear();
    this.peerMail.collected();
    this.generation++;
    return { rows, readyOrder: [...this.ready] };
  }

  private inspect(id: string): HostReport['actor'] {
    const record = this.records.get(id);
    return { snapshot: this.actors.peek(id), timers: this.timers.forActor(id), mailbox: envelopes(record?.mailbox?.slice(0, 20) ?? null), mailboxLength: record?.mailbox?.length ?? 0 };
  }

  /**
   * One message to one actor between ticks. Its mail for this host's shards is queued now (next tick); mail for
   * other hosts goes back to the conductor, which forwards it with the next tick.
   */
  private async step(id: string, tick: number, now: number, external: MailBatch): Promise<HostReport> {
    this.tick = tick;
    this.now = now;
    this.takeExternal(external);
    const record = this.records.get(id);
    if (!record?.mailbox) return { ...this.report(), transition: null };
    const envelopes = this.take(id, record, 1);
    const result = this.deliver(id, record, envelopes, await this.snapshotsFor([id]), true);
    const forward = this.peerMail.takeAll();
    this.queueArrivals();
    return { ...this.report(), transition: result.transitions?.at(-1) ?? null, forward };
  }

  // ── rebuilding a lost host ────────────────────────────────────────────────────────────────────────────────

  /** Rows from the conductor: actors as they were at the last collection (or in the store). */
  private loadRows(rows: Row[], ready: string[]): void {
    const mail = new Map<string, Envelope[]>();
    const active: [string, number][] = [];
    for (const [id, , timers, mailbox, lastActive, status] of rows) {
      const record = this.recordOf(id);
      record.status = status === 'active' || status === 'lost' ? 'stored' : status;
      record.lastActive = lastActive;
      if (record.status === 'stored') active.push([id, lastActive]);
      this.timers.load(timers);
      record.shown = mailbox.length; // what the conductor knew at the collection these rows are from
      if (mailbox.length) mail.set(id, mailbox);
    }
    active.sort((a, b) => a[1] - b[1]);
    for (const [id] of active) this.byActivity.set(id, true);
    for (const id of [...ready, ...mail.keys()]) {
      const mailbox = mail.get(id);
      if (!mailbox) continue;
      mail.delete(id);
      for (const e of [...mailbox].sort((a, b) => a.seq - b.seq)) this.enqueue([e.to, e.event, e.from, e.trace, -1, e.seq]);
    }
    this.touched.clear();
    this.generation++;
  }

  private async replay(commands: HostCommand[], batches: Uint8Array[]): Promise<HostReport> {
    for (const bytes of batches) this.peerMail.receive(bytes);
    this.muted = true;
    try {
      for (const command of commands) await this.run(command);
    } finally {
      this.muted = false;
    }
    this.resetTally();
    return this.report();
  }

  // ── reports ───────────────────────────────────────────────────────────────────────────────────────────────

  private resetTally(): void {
    this.tally = emptyTally();
    this.generation++;
  }

  /** The actor's row and mailbox length may have changed: once per tally, not once per message. */
  private mark(id: string, record: Resident): void {
    if (record.marked === this.generation) return;
    record.marked = this.generation;
    this.touched.add(id);
    this.tally.mailboxes.add(id);
  }

  private changeOf(id: string) {
    let change = this.tally.changes.get(id);
    if (!change) this.tally.changes.set(id, (change = {}));
    return change;
  }

  private status(): HostStatus {
    let ready = false;
    for (const id of this.ready) if (!this.paused(id)) {
      ready = true;
      break;
    }
    return { ready, nextTimer: this.timers.nextDueTime(), passivationDue: this.passivationDue() };
  }

  /** What the conductor must see of the work since the last report; `false` leaves the tally for the next one. */
  private report(extra?: Pick<HostReport, 'rows' | 'readyOrder'> | false): HostReport {
    if (extra === false) return { counters: {}, changes: [], outgoing: [], transitions: [], passivated: [], status: this.status() };
    const tally = this.tally;
    this.resetTally();
    const changes: Change[] = [];
    // a mailbox length only when it differs from the last one reported (most are empty again by the tick's end);
    // a muted replay keeps count too, so a rebuilt host knows what its predecessor told the conductor
    const length = (id: string) => {
      const record = this.records.get(id);
      const now = record?.mailbox?.length ?? 0;
      if (!record || !tally.mailboxes.has(id) || now === record.shown) return -1;
      record.shown = now;
      return now;
    };
    for (const [id, c] of tally.changes) {
      const n = length(id);
      if (!this.muted) changes.push([id, c.state ?? null, c.status ?? null, n, c.errors ?? 0]);
    }
    for (const id of tally.mailboxes) {
      if (tally.changes.has(id)) continue;
      const n = length(id);
      if (n >= 0 && !this.muted) changes.push([id, null, null, n, 0]);
    }
    return { counters: this.muted ? {} : tally.counters, changes, outgoing: tally.outgoing, transitions: tally.transitions, passivated: tally.passivated, status: this.status(), ...extra };
  }

  private stats(): HostReport['stats'] {
    collectGarbage();
    return { resident: this.actors.size, ...this.actors.counts(), heapUsed: process.memoryUsage().heapUsed };
  }
}
