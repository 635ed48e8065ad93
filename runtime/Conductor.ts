import type { ActorKind } from './ActorKind.ts';
import type { Envelope, Transition } from './control.ts';
import type { PlainEvent } from './messages.ts';
import type { ActorRecord } from './ActorTable.ts';
import type { EffectBus } from './EffectBus.ts';
import type { Router } from './Router.ts';
import type { World } from './World.ts';
import type { HostCommand, HostReport, HostStatus, Mail, Outgoing, Row } from './hostProtocol.ts';
import { HostPool, type RemoteHosts } from './HostPool.ts';
import { keepRow } from './checkpoint.ts';
import { encode } from './wire.ts';
import { traceOf } from './actorId.ts';
import { log } from './log.ts';
import { addTick, noPhases, stamp } from './tickPhases.ts';

/** Send an event as an input of the world (effect replies come back this way). */
export type Send = (to: string, event: PlainEvent, from: string, trace: string) => void;

/**
 * The main thread's side of the shard hosts. A tick is one order per host ("tick t", with the external mail for
 * its shards, encoded once) and one report back; the hosts exchange actor mail among themselves. The reports'
 * changes keep the actor records current (so listings and the census stay synchronous reads here), and their
 * effects, publications and dead letters are carried out in (shard, sequence) order, whatever the host count.
 */
export class Conductor {
  readonly hosts: HostPool;
  /** external mail per host, for the next tick */
  private external: Mail[][];
  /** of it, how much per actor (mailbox lengths in the records include it) */
  private externalCount = new Map<string, number>();
  private status: HostStatus[];
  /** per host, the order of ids with mail at the last collection */
  private readyAt: string[][];
  /** where the ticks' wall time went (tickPhases.ts) */
  readonly phases = noPhases();
  /** snapshots the main thread held at the last collection, for actors passivated since (a rebuilt host starts from them) */
  private readonly windowBase = new Map<string, unknown>();

  constructor(
    private readonly world: World,
    private readonly router: Router,
    private readonly effects: EffectBus,
    private readonly send: Send,
    kinds: ActorKind[],
    workers: number,
    catalogueUrl: string,
    worldSeed: number,
    remote?: RemoteHosts,
  ) {
    const { shards, maxPerTick, passivateAfterMs } = world.settings;
    const hosts = remote?.count ?? Math.max(1, workers);
    this.hosts = HostPool.create(
      workers,
      (index) => ({ index, hosts, shards, worldSeed, maxPerTick, passivateAfterMs, catalogueUrl }),
      {
        load: (ids, baseline) => this.snapshots(ids, baseline),
        baseline: (slot) => this.baseline(slot),
        rebuilding: (slot) => {
          log.warn({ slot }, 'host lost (its worker or world node); rebuilding its shards from the last collection');
          this.world.counters.workerRebuilds++;
        },
        rebuilt: (slot, ms) => log.info({ slot, ms }, 'host slot rebuilt'),
      },
      kinds,
      remote,
    );
    this.external = Array.from({ length: hosts }, () => []);
    this.status = Array.from({ length: hosts }, () => ({ ready: true, nextTimer: null, passivationDue: Infinity }));
    this.readyAt = Array.from({ length: hosts }, () => []);
  }

  get count(): number {
    return this.hosts.count;
  }

  /** Queue mail from outside the actors (sends, effect replies, publications): it leaves with the next tick. */
  enqueue(to: string, event: PlainEvent, from: string, trace: string, record: ActorRecord): void {
    this.external[record.slot]!.push([to, event, from, trace, -1, this.world.nextSeq()]);
    this.externalCount.set(to, (this.externalCount.get(to) ?? 0) + 1);
    record.mailbox++;
    const status = this.status[record.slot]!;
    if (!status.ready) status.ready = !this.world.actorPaused(to, record);
  }

  /** Mail held here for the next tick, per actor (checkpoints store it, the world hash counts it). */
  waiting(): Map<string, Envelope[]> {
    const out = new Map<string, Envelope[]>();
    for (const mail of this.external) {
      for (const [to, event, from, trace, , seq] of mail) {
        let list = out.get(to);
        if (!list) out.set(to, (list = []));
        list.push({ to, event, from, trace, seq });
      }
    }
    return out;
  }

  async tick(collect: boolean): Promise<void> {
    const began = stamp();
    const { tick, now } = this.world.time;
    const external = this.external.map((mail) => (!mail.length ? null : this.hosts.inline ? mail : encode(mail)));
    this.external = this.external.map(() => []);
    this.handedOver(this.externalCount);
    this.externalCount.clear();
    const posted = stamp();
    const reports = await this.hosts.all((slot) => ({ op: 'tick', tick, now, external: external[slot]!, collect }));
    const resumed = stamp();
    this.world.counters.ticksRun++;
    this.apply(reports);
    addTick(this.phases, began, posted, reports.flatMap((r) => (r.stamps ? [r.stamps] : [])), resumed, stamp());
  }

  /** Every host revives its failed actors and reports its changed rows: the conductor's copy is then complete. */
  async collect(): Promise<void> {
    const { tick, now } = this.world.time;
    this.apply(await this.hosts.all(() => ({ op: 'collect', tick, now })));
  }

  async step(record: ActorRecord, id: string): Promise<Transition | null> {
    const { tick, now } = this.world.time;
    const report = await this.hosts.call(record.slot, { op: 'step', id, tick, now, external: this.takeExternal(record.slot) });
    for (const [to, event, from, trace, shard, seq] of report.forward ?? []) {
      const target = this.router.recordFor(to)!;
      this.external[target.slot]!.push([to, event, from, trace, shard, seq]);
      this.externalCount.set(to, (this.externalCount.get(to) ?? 0) + 1);
      target.mailbox++;
    }
    this.apply([report], record.slot);
    return report.transition ?? null;
  }

  async inspect(record: ActorRecord, id: string): Promise<NonNullable<HostReport['actor']>> {
    const actor = (await this.hosts.call(record.slot, { op: 'inspect', id })).actor!;
    const waiting = this.external[record.slot]!.filter((m) => m[0] === id).map(([to, event, from, trace, , seq]) => ({ to, event, from, trace, seq }));
    return { ...actor, mailbox: [...actor.mailbox, ...waiting].slice(0, 20), mailboxLength: actor.mailboxLength + waiting.length };
  }

  /** Tell every host the pauses and watched actors (they apply from their next command on). */
  control(): void {
    const { pauses, inspector } = this.world;
    const watched = inspector.watchedIds();
    for (let slot = 0; slot < this.count; slot++) {
      const own = (id: string) => this.router.recordFor(id)?.slot === slot;
      const command: HostCommand = { op: 'control', control: { pausedActors: [...pauses.actors].filter(own), pausedKinds: [...pauses.kinds], watched: watched.filter(own) } };
      this.status[slot]!.ready = true; // until the host says otherwise
      void this.hosts.call(slot, command).then((r) => this.apply([r], slot), (err: unknown) => log.error({ err, slot }, 'host refused its control update'));
    }
  }

  /** A restored world's rows to their hosts. */
  async load(): Promise<void> {
    const bySlot: Row[][] = Array.from({ length: this.count }, () => []);
    for (const row of this.world.rows.values()) bySlot[this.world.table.get(row[0])!.slot]!.push(row);
    // passive actors with nothing else to say are known to their hosts too (their snapshot is in the store)
    for (const [id, r] of this.world.table.records) if (r.status === 'passive' && !this.world.rows.has(id)) bySlot[r.slot]!.push([id, undefined, [], [], 0, 'passive']);
    await Promise.all(bySlot.map(async (rows, slot) => this.apply([await this.hosts.call(slot, { op: 'load', rows, ready: [] })], slot)));
  }

  stats(): Promise<{ slot: number; resident: number; live: number; dormant: number; heapUsed: number }[]> {
    return Promise.all(Array.from({ length: this.count }, async (_, slot) => ({ slot, ...(await this.hosts.call(slot, { op: 'stats' })).stats! })));
  }

  hasReadyMail(): boolean {
    return this.status.some((s) => s.ready);
  }

  nextTimer(): number | null {
    const due = this.status.map((s) => s.nextTimer).filter((t): t is number => t !== null);
    return due.length ? Math.min(...due) : null;
  }

  passivationDue(): number {
    return Math.min(...this.status.map((s) => s.passivationDue));
  }

  // ── reports ───────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Mail handed to the hosts: each record's mailbox drops back to the length its host last reported, and the host
   * reports a length only when the tick leaves it different (ShardHost), so mail delivered at once costs no row.
   */
  private handedOver(counts: Map<string, number>): void {
    for (const [id, n] of counts) this.world.table.get(id)!.mailbox -= n;
  }

  /** One host's external mail, taken out of band (a step). */
  private takeExternal(slot: number): Mail[] | Uint8Array | null {
    const mail = this.external[slot]!;
    this.external[slot] = [];
    const counts = new Map<string, number>();
    for (const m of mail) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
    this.handedOver(counts);
    for (const m of mail) {
      const left = (this.externalCount.get(m[0]) ?? 1) - 1;
      if (left) this.externalCount.set(m[0], left);
      else this.externalCount.delete(m[0]);
    }
    if (!mail.length) return null;
    return this.hosts.inline ? mail : encode(mail);
  }

  /** Apply host reports (in host order; `from` = the host of a single report). */
  private apply(reports: HostReport[], from?: number): void {
    const { table, counters, inspector } = this.world;
    const outgoing: Outgoing[] = [];
    let collected = false;
    reports.forEach((report, i) => {
      const slot = from ?? i;
      for (const [key, value] of Object.entries(report.counters)) counters[key as keyof typeof counters] += value;
      this.status[slot] = report.status;
      for (const [id, state, status, mailbox, errors] of report.changes) {
        const record = table.get(id) ?? this.router.recordFor(id);
        if (!record) continue;
        if (state !== null) record.state = state;
        if (status !== null) record.status = status === 'stored' ? 'active' : status;
        if (mailbox >= 0) record.mailbox = mailbox + (this.externalCount.get(id) ?? 0);
        record.errors += errors;
      }
      for (const [id, snapshot] of report.passivated) {
        const record = table.get(id)!;
        if (snapshot !== undefined) {
          if (!this.windowBase.has(id)) this.windowBase.set(id, record.snapshot);
          record.snapshot = snapshot;
          record.version++;
        }
        table.touched.add(id);
      }
      for (const t of report.transitions) inspector.record(t);
      if (report.rows) {
        collected = true;
        this.hosts.collected(slot);
        this.readyAt[slot] = report.readyOrder ?? [];
        for (const row of report.rows) {
          const record = table.get(row[0]) ?? this.router.recordFor(row[0])!;
          if (row[1] !== undefined) {
            record.snapshot = row[1];
            record.version++;
          }
          keepRow(this.world.rows, row);
          table.touched.add(row[0]);
        }
      }
      for (const o of report.outgoing) outgoing.push(o);
    });
    if (collected) this.windowBase.clear();
    outgoing.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (const [, , actorId, trace, what] of outgoing) this.carryOut(actorId, trace, what);
  }

  private carryOut(actorId: string, trace: string, what: Outgoing[4]): void {
    const world = this.world;
    switch (what.type) {
      case 'dead':
        return world.deadLetter(actorId, what.event, what.error);
      case 'midgard.publish':
        world.counters.messagesSent++;
        for (const id of this.router.subscribers(what.topic)) {
          if (id !== actorId) this.enqueue(id, what.event, actorId, traceOf(trace, id), world.table.get(id)!);
        }
        return;
      case 'midgard.effect':
        this.effects.dispatch(what.effect, {
          id: `${actorId}/${trace}`,
          actorId,
          tick: world.time.tick,
          now: world.time.now,
          reply: (event, to = actorId) => this.send(to, event, 'effect', traceOf(trace, 'reply')),
        });
        return;
    }
  }

  // ── snapshots for the hosts ───────────────────────────────────────────────────────────────────────────────

  private async snapshots(ids: string[], baseline: boolean): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    const missing: string[] = [];
    for (const id of ids) {
      const record = this.world.table.get(id);
      const snapshot = baseline && this.windowBase.has(id) ? this.windowBase.get(id) : record?.snapshot;
      if (snapshot !== undefined) out[id] = snapshot;
      else if (record && record.storedVersion > 0) missing.push(id);
      else out[id] = null;
    }
    if (missing.length) for (const a of await this.world.store.load(missing)) out[a.id] = a.snapshot;
    for (const id of missing) out[id] ??= null;
    return out;
  }

  /** What a lost host is rebuilt from: its actors as of the last collection. */
  private baseline(slot: number): { rows: Row[]; ready: string[] } {
    const rows: Row[] = [];
    for (const [id, r] of this.world.table.records) {
      if (r.slot !== slot) continue;
      const row = this.world.rows.get(id);
      const snapshot = this.windowBase.has(id) ? this.windowBase.get(id) : r.snapshot;
      if (row) rows.push(row);
      else if (snapshot !== undefined || r.storedVersion > 0) rows.push([id, undefined, [], [], 0, 'passive']);
    }
    return { rows, ready: this.readyAt[slot]! };
  }
}
