import { createHash, randomUUID } from 'node:crypto';
import type { ActorKind, Catalogue } from './ActorKind.ts';
import type {
  ActorDetail,
  ClockState,
  ControlTarget,
  DeadLetter,
  EffectHandler,
  Envelope,
  ListQuery,
  RuntimeStats,
  Transition,
  WorldControl,
} from './control.ts';
import type { ActorBatch, ActorResult, WorkerReply, WorkerTask } from './protocol.ts';
import type { Output, PlainEvent } from '../machines/kit/outputs.ts';
import type { SnapshotStore } from '../persistence/types.ts';
import { ActorTable, type ActorRecord } from './ActorTable.ts';
import { EffectBus } from './EffectBus.ts';
import { Inspector } from './Inspector.ts';
import { Pauses } from './Pauses.ts';
import { restoreWorld, writeCheckpoint, type WorldDoc } from './checkpoint.ts';
import { TimerWheel } from './TimerWheel.ts';
import { WorldClock, type RealClock } from './WorldClock.ts';
import { createShardPool, defaultWorkerCount, type ShardPool } from './ShardPool.ts';
import { parseActorId, shardOf, traceOf } from './actorId.ts';
import { MemorySnapshotStore } from '../persistence/memory/MemorySnapshotStore.ts';
import { agentExecutionTime } from './metrics.ts';
import { log } from './log.ts';

export interface RuntimeOptions {
  /** module exporting `kinds: ActorKind[]` (workers import it by URL) */
  catalogue: URL | string;
  /** worker threads; 0 keeps actors in the main thread. Default: available cores */
  workers?: number;
  /** shards (placement unit); fixed for the life of a world. Default 64 */
  shards?: number;
  seed?: number;
  store?: SnapshotStore;
  /** virtual milliseconds per tick (default 1000) */
  tickMs?: number;
  /** virtual epoch ms of tick 0 (default 2026-01-01T00:00Z) */
  startTime?: number;
  speed?: number | 'max';
  /** idle virtual time after which an actor is passivated (default 10 min; 0 = never) */
  passivateAfterMs?: number;
  /** take snapshots of dirty actors every N ticks (default 60) */
  snapshotEveryTicks?: number;
  /** write them to the store every N ticks (default 60) */
  flushEveryTicks?: number;
  /** most messages one actor takes in one tick (default 100): a flooded actor cannot starve the tick */
  maxPerTick?: number;
  /** restore the world from the store instead of starting empty */
  restore?: boolean;
  /** extra state written with every checkpoint (e.g. the journal position) */
  checkpointExtras?: () => unknown;
  /** called after each checkpoint is durable, with the extras it carried */
  onCheckpoint?: (extras: unknown) => Promise<void>;
  /** real time for the clock loop's pace (tests inject a fake one) */
  realClock?: RealClock;
}

export class RuntimeInputError extends Error {
  readonly code = 'bad_request';
}


interface Planned {
  id: string;
  record: ActorRecord;
  envelopes: Envelope[];
  batch: ActorBatch;
}

const emptyStats = (): Omit<RuntimeStats, 'tick' | 'registered' | 'active' | 'passive' | 'deadLetters'> => ({
  ticksRun: 0, eventsDelivered: 0, messagesSent: 0, effectsEmitted: 0, failures: 0, restarts: 0, passivations: 0, activations: 0, workerRebuilds: 0,
});

/**
 * The scheduler. Each tick: advance the virtual clock, fire due timers, hand every ready actor's mail to its
 * worker (one task per worker), then apply what came back in a fixed order — messages queue for the next
 * tick, effects go to handlers, timers to the wheel. Same seed + same inputs ⇒ same world, whatever the
 * worker count (ARCHITECTURE.md decision 6).
 *
 * @example
 * const runtime = await Runtime.create({ catalogue: new URL('../actors/catalogue.ts', import.meta.url), workers: 2 });
 * runtime.send('npc:1', { type: 'greet' });
 * await runtime.tick();
 * await runtime.stop();
 */
export class Runtime implements WorldControl {
  readonly kinds: Map<string, ActorKind>;
  readonly store: SnapshotStore;
  readonly effects = new EffectBus();
  /** extras restored from the last checkpoint (see RuntimeOptions.checkpointExtras) */
  restoredExtras: unknown = undefined;

  private readonly table = new ActorTable();
  private readonly timers = new TimerWheel();
  private readonly topics = new Map<string, string[]>();
  private readonly pauses = new Pauses();
  private readonly inspector = new Inspector();
  private readonly incarnations: (string | null)[];
  private readonly counters = emptyStats();
  private readonly time: WorldClock;
  private seq = 0;
  private stopped = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly opts: Required<Omit<RuntimeOptions, 'store' | 'restore' | 'checkpointExtras' | 'onCheckpoint' | 'realClock' | 'catalogue' | 'speed' | 'workers' | 'seed'>>;

  private constructor(
    kinds: ActorKind[],
    private readonly pool: ShardPool,
    private readonly options: RuntimeOptions,
  ) {
    this.kinds = new Map(kinds.map((k) => [k.kind, k]));
    for (const kind of kinds) for (const topic of kind.topics ?? []) this.topics.set(topic, [...(this.topics.get(topic) ?? []), kind.kind]);
    this.store = options.store ?? new MemorySnapshotStore();
    this.opts = {
      shards: options.shards ?? 64,
      tickMs: options.tickMs ?? 1000,
      startTime: options.startTime ?? Date.UTC(2026, 0, 1),
      passivateAfterMs: options.passivateAfterMs ?? 600_000,
      snapshotEveryTicks: options.snapshotEveryTicks ?? 60,
      flushEveryTicks: options.flushEveryTicks ?? 60,
      maxPerTick: options.maxPerTick ?? 100,
    };
    this.time = new WorldClock(this.opts.tickMs, this.opts.startTime, options.speed ?? 1, options.realClock);
    this.incarnations = Array.from({ length: pool.slots }, () => null);
  }

  static async create(options: RuntimeOptions): Promise<Runtime> {
    const catalogueUrl = options.catalogue instanceof URL ? options.catalogue.href : options.catalogue;
    const { kinds } = (await import(catalogueUrl)) as Catalogue;
    const workers = options.workers ?? defaultWorkerCount();
    const pool = await createShardPool(workers, { catalogueUrl, worldSeed: options.seed ?? 1 }, kinds);
    const runtime = new Runtime(kinds, pool, options);
    if (options.restore) await runtime.restore();
    return runtime;
  }

  // ── inputs ────────────────────────────────────────────────────────────────────────────────────────────────

  send(to: string, event: PlainEvent, from = 'external', trace?: string): void {
    if (!event || typeof event.type !== 'string' || !event.type) throw new RuntimeInputError('an event needs a string `type`');
    const record = this.recordFor(to);
    if (!record) throw new RuntimeInputError(`unknown actor id '${to}' (expected kind:key with a known kind)`);
    // An input with no causal trace of its own (an admin's send, a tool) is never replayed, so it gets a unique
    // one: a sequence number would repeat after a restart from an older checkpoint and collide with effect ids.
    // No wake-up: mail waits for the next tick, so load never speeds the world clock up.
    this.table.enqueue({ to, event, from, seq: ++this.seq, trace: trace ?? randomUUID() }, record);
  }

  publish(topic: string, event: PlainEvent, from = 'external', trace?: string): void {
    const base = trace ?? randomUUID();
    for (const id of this.subscribers(topic)) this.send(id, event, from, traceOf(base, id));
  }

  /** Make actors known without creating them (virtual actors: they come to life on their first message). */
  register(ids: string[]): void {
    const bad = ids.find((id) => !this.kinds.has(parseActorId(id)?.kind ?? ''));
    if (bad !== undefined) throw new RuntimeInputError(`unknown actor id '${bad}'`); // all or nothing
    for (const id of ids) this.recordFor(id);
  }

  // ── time ──────────────────────────────────────────────────────────────────────────────────────────────────

  clock(): ClockState {
    return { now: this.time.now, tick: this.time.tick, tickMs: this.opts.tickMs, speed: this.time.speed, paused: this.pauses.world };
  }

  setSpeed(speed: number | 'max'): void {
    if (speed !== 'max' && !(typeof speed === 'number' && speed > 0 && Number.isFinite(speed))) {
      throw new RuntimeInputError(`speed must be a positive number or 'max', got ${JSON.stringify(speed)}`);
    }
    this.time.setSpeed(speed);
  }

  /** Advance the world one tick. Ticks, steps and flushes never overlap. */
  tick(): Promise<void> {
    return this.serial(() => this.runTick());
  }

  /** Run ticks until virtual time reaches `until`, skipping idle stretches straight to the next timer. */
  async runUntil(until: number, onTick?: () => void): Promise<void> {
    while (this.time.now < until) {
      await this.serial(async () => {
        if (!this.hasReadyMail()) this.skipIdle(until);
        if (this.time.now < until) await this.runTick();
      });
      onTick?.();
    }
  }

  /** The clock loop is started (a paused world is still running: it keeps accepting and queueing mail). */
  get running(): boolean {
    return this.time.running && !this.stopped;
  }

  /** Start the real-time (or scaled, or max-speed) loop. */
  start(): void {
    this.time.start(() => this.tick(), () => this.pauses.world);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.time.stop();
    await this.flush();
    await this.pool.destroy();
  }

  // ── control ───────────────────────────────────────────────────────────────────────────────────────────────

  pause(target: ControlTarget): void {
    this.setPaused(target, true);
  }

  resume(target: ControlTarget): void {
    this.setPaused(target, false);
    if ('world' in target) this.time.repace();
  }

  isPaused(target: ControlTarget): boolean {
    if ('world' in target) return this.pauses.world;
    if ('kind' in target) return this.pauses.kinds.has(target.kind);
    const record = this.table.get(target.actor);
    return !!record && this.actorPaused(target.actor, record);
  }

  private setPaused(target: ControlTarget, paused: boolean): void {
    if ('world' in target) this.pauses.world = paused;
    else if ('kind' in target) this.pauses.kinds[paused ? 'add' : 'delete'](this.knownKind(target.kind));
    else {
      this.known(target.actor);
      this.pauses.actors[paused ? 'add' : 'delete'](target.actor);
      this.table.touched.add(target.actor); // per-actor pauses are stored with the actor
    }
  }

  step(actorId: string): Promise<Transition | null> {
    return this.serial(async () => {
      const record = this.existing(actorId);
      const envelopes = this.table.take(actorId, record, 1);
      if (!envelopes.length) return null;
      const plan = [this.plan(actorId, record, envelopes, 0, true)];
      await this.loadStoredSnapshots(plan);
      const results = await this.execute(plan, false);
      this.apply(plan, results);
      return results[0]?.transitions?.at(-1) ?? null;
    });
  }

  stepWorld(): Promise<void> {
    return this.tick();
  }

  // ── inspection ────────────────────────────────────────────────────────────────────────────────────────────

  stats(): RuntimeStats {
    return { tick: this.time.tick, ...this.table.counts(), ...this.counters, deadLetters: this.inspector.deadLetterCount };
  }

  listActors(query: ListQuery) {
    return this.table.list(query, (id, r) => this.actorPaused(id, r));
  }

  census() {
    return this.table.census();
  }

  async getActor(id: string): Promise<ActorDetail | null> {
    const record = this.table.get(id);
    if (!record) return null;
    let snapshot = record.snapshot;
    if (record.status === 'active') snapshot = (await this.runOnSlot(record.slot, { op: 'peek', incarnation: this.incarnations[record.slot] ?? null, ids: [id] })).snapshots?.[0]?.snapshot ?? snapshot;
    else if (snapshot === undefined) snapshot = (await this.store.load([id]))[0]?.snapshot ?? null;
    return {
      ...this.table.summary(id, record, this.actorPaused(id, record)),
      snapshot,
      timers: this.timers.forActor(id),
      mailboxPreview: (record.mailbox ?? []).slice(0, 20),
      recentTransitions: this.inspector.recentOf(id),
    };
  }

  watch(actorId: string, listener: (t: Transition) => void): () => void {
    return this.inspector.watch(actorId, listener);
  }

  onEffect(kind: string, handler: EffectHandler): () => void {
    return this.effects.on(kind, handler);
  }

  /** Resident actors and heap per worker (for dashboards and the benchmark's memory figures). */
  async workerStats(): Promise<{ slot: number; resident: number; live: number; dormant: number; heapUsed: number }[]> {
    return Promise.all(
      Array.from({ length: this.pool.slots }, async (_, slot) => {
        const reply = await this.pool.run(slot, { op: 'stats' });
        return { slot, resident: reply.resident ?? 0, live: reply.live ?? 0, dormant: reply.dormant ?? 0, heapUsed: reply.heapUsed ?? 0 };
      }),
    );
  }

  deadLetters(): DeadLetter[] {
    return this.inspector.deadLetters();
  }

  /** SHA-256 over every actor's snapshot, timers and mailbox, in id order: equal worlds hash equal. */
  async worldHash(): Promise<string> {
    await this.serial(() => this.collectSnapshots());
    const hash = createHash('sha256');
    const ids = [...this.table.records.keys()].sort();
    const stored = new Map((await this.store.load(ids.filter((id) => this.table.get(id)!.snapshot === undefined))).map((a) => [a.id, a.snapshot]));
    for (const id of ids) {
      const r = this.table.get(id)!;
      const timers = this.timers.forActor(id).map(({ id: t, due, event }) => [t, due, event]);
      const mail = (r.mailbox ?? []).map((e) => [e.from, e.event]);
      hash.update(JSON.stringify([id, r.snapshot === undefined ? stored.get(id) ?? null : r.snapshot, timers, mail]));
    }
    return hash.digest('hex');
  }

  // ── persistence ───────────────────────────────────────────────────────────────────────────────────────────

  /** Checkpoint: snapshot every dirty resident actor, then write them and the world clock atomically. */
  flush(): Promise<void> {
    return this.serial(async () => {
      await this.collectSnapshots();
      await this.effects.settle();
      await this.writeCheckpoint();
    });
  }

  // ── the tick ──────────────────────────────────────────────────────────────────────────────────────────────

  private async runTick(): Promise<void> {
    this.time.advance();
    this.counters.ticksRun++;
    for (const timer of this.timers.takeDue(this.time.now)) {
      const record = this.table.get(timer.actorId);
      if (!record) continue;
      const seq = ++this.seq;
      this.table.enqueue({ to: timer.actorId, event: timer.event, from: 'timer', seq, trace: traceOf('timer', timer.actorId, timer.id, timer.due) }, record);
    }
    const plan: Planned[] = [];
    for (const id of this.table.ready) {
      const record = this.table.get(id)!;
      if (this.actorPaused(id, record)) continue;
      plan.push(this.plan(id, record, this.table.take(id, record, this.opts.maxPerTick), plan.length, this.inspector.isWatched(id)));
    }
    await this.loadStoredSnapshots(plan);
    const checkpoint = this.time.tick % this.opts.flushEveryTicks === 0;
    const snapshot = checkpoint || this.time.tick % this.opts.snapshotEveryTicks === 0;
    if (plan.length || snapshot) this.apply(plan, await this.execute(plan, snapshot));
    if (this.passivationDue() <= this.time.now) await this.passivateIdle();
    if (checkpoint) {
      await this.collectSnapshots();
      await this.writeCheckpoint();
    }
  }

  private plan(id: string, record: ActorRecord, envelopes: Envelope[], order: number, inspect: boolean): Planned {
    const chunk = { now: this.time.now, tick: this.time.tick, events: envelopes.map((e) => e.event), from: envelopes.map((e) => e.from) };
    const batch: ActorBatch = { order, id, chunk };
    if (inspect) batch.inspect = true;
    if (record.status !== 'active') batch.restore = this.restoreInfo(record);
    return { id, record, envelopes, batch };
  }

  /**
   * What rebuilds an actor that is not resident: its latest snapshot (null = brand new; undefined = still to be
   * read from the store, see loadStoredSnapshots) and the events delivered after it.
   */
  private restoreInfo(record: ActorRecord): ActorBatch['restore'] {
    if (record.status === 'new' && !record.since) return undefined;
    const snapshot = record.snapshot !== undefined ? record.snapshot : record.storedVersion > 0 ? undefined : null;
    return { snapshot, replay: record.since ?? [] };
  }

  /** One store read for every planned actor whose snapshot lives only in the store. */
  private async loadStoredSnapshots(plan: Planned[]): Promise<void> {
    const missing = plan.filter((p) => p.batch.restore && p.batch.restore.snapshot === undefined);
    if (!missing.length) return;
    const stored = new Map((await this.store.load(missing.map((p) => p.id))).map((a) => [a.id, a.snapshot]));
    for (const p of missing) p.batch.restore!.snapshot = stored.get(p.id) ?? null;
  }

  /** One task per worker slot. A slot whose worker was replaced is rebuilt, then its deliveries retried. */
  private async execute(plan: Planned[], snapshot: boolean): Promise<ActorResult[]> {
    const bySlot = new Map<number, Planned[]>();
    for (const p of plan) {
      let list = bySlot.get(p.record.slot);
      if (!list) bySlot.set(p.record.slot, (list = []));
      list.push(p);
    }
    const slots = snapshot ? Array.from({ length: this.pool.slots }, (_, i) => i) : [...bySlot.keys()];
    const results: ActorResult[] = new Array(plan.length);
    await Promise.all(
      slots.map(async (slot) => {
        const planned = bySlot.get(slot) ?? [];
        const started = performance.now();
        const reply = await this.deliverToSlot(slot, planned, snapshot);
        if (planned.length) agentExecutionTime.observe({ kind: planned[0]!.record.kind }, (performance.now() - started) / 1000);
        for (const r of reply.results) results[r.order] = r;
        this.takeSnapshots(reply.snapshots);
      }),
    );
    return results;
  }

  private async deliverToSlot(slot: number, planned: Planned[], snapshot: boolean): Promise<WorkerReply> {
    for (let attempt = 0; ; attempt++) {
      const task: WorkerTask = { op: 'deliver', incarnation: this.incarnations[slot] ?? null, tick: this.time.tick, batches: planned.map((p) => p.batch), snapshot };
      const reply = await this.pool.run(slot, task).catch((err: unknown) => ({ lost: err }) as const);
      if (!('lost' in reply) && !reply.mismatch) {
        this.incarnations[slot] = reply.incarnation;
        return reply;
      }
      if (attempt >= 3) throw new Error(`worker for slot ${slot} keeps failing: ${'lost' in reply ? String(reply.lost) : 'replaced'}`);
      log.warn({ slot }, 'worker lost; rebuilding its shards from snapshots');
      this.counters.workerRebuilds++;
      // The fresh worker's incarnation is learnt on its first reply; until then accept whoever answers.
      this.incarnations[slot] = 'lost' in reply ? null : reply.incarnation;
      await this.rebuildSlot(slot, new Set(planned.map((p) => p.id)));
      for (const p of planned) p.batch.restore ??= this.restoreInfo(p.record);
      await this.loadStoredSnapshots(planned);
    }
  }

  /** Bring every actor that lived on a lost worker back, from its snapshot and the events it saw after it. */
  private async rebuildSlot(slot: number, skip: Set<string>): Promise<void> {
    const planned: Planned[] = [];
    for (const [id, record] of this.table.records) {
      if (record.slot !== slot || record.status !== 'active') continue;
      record.status = 'lost';
      if (!skip.has(id)) planned.push(this.plan(id, record, [], planned.length, false));
    }
    if (!planned.length) return;
    await this.loadStoredSnapshots(planned);
    const batches = planned.map((p) => p.batch);
    const reply = await this.pool.run(slot, { op: 'deliver', incarnation: this.incarnations[slot] ?? null, tick: this.time.tick, batches, snapshot: false });
    this.incarnations[slot] = reply.incarnation;
    for (const r of reply.results) {
      const record = this.table.get(r.id)!;
      if (r.failure) this.fail(r.id, record, r.failure.error, null);
      else record.status = 'active';
    }
  }

  /** Apply results in global delivery order: the only place world-visible consequences happen. */
  private apply(plan: Planned[], results: ActorResult[]): void {
    for (const p of plan) {
      const r = results[p.batch.order];
      if (!r) continue;
      const { id, record, envelopes } = p;
      if (p.batch.restore) this.counters.activations++;
      if (r.delivered) {
        const { chunk } = p.batch;
        (record.since ??= []).push(r.delivered === chunk.events.length ? chunk : { ...chunk, events: chunk.events.slice(0, r.delivered), from: chunk.from.slice(0, r.delivered) });
      }
      this.counters.eventsDelivered += r.delivered;
      if (r.state !== undefined) record.state = r.state;
      this.table.markActive(id, record, this.time.now);
      // An output's trace = its event's trace + its index among that event's outputs: independent of batching.
      let eventIndex = 0;
      r.outputs.forEach((output, k) => {
        while (eventIndex < r.ends.length - 1 && k >= r.ends[eventIndex]!) eventIndex++;
        const first = eventIndex === 0 ? 0 : r.ends[eventIndex - 1]!;
        this.carryOut(id, output, traceOf(envelopes[eventIndex]?.trace ?? id, id, k - first));
      });
      for (const t of r.transitions ?? []) this.inspector.record(t);
      if (r.failure) {
        this.fail(id, record, r.failure.error, envelopes[r.failure.index] ?? null);
        this.table.requeue(id, record, envelopes.slice(r.failure.index + 1));
      }
    }
  }

  private carryOut(actorId: string, output: Output, trace: string): void {
    switch (output.type) {
      case 'midgard.send': {
        const target = this.recordFor(output.to);
        if (!target || !output.event?.type) return this.deadLetter(actorId, output.event ?? { type: '?' }, `cannot deliver to '${output.to}'`);
        this.counters.messagesSent++;
        this.table.enqueue({ to: output.to, event: output.event, from: actorId, seq: ++this.seq, trace }, target);
        return;
      }
      case 'midgard.publish':
        this.counters.messagesSent++;
        for (const id of this.subscribers(output.topic)) {
          if (id !== actorId) this.table.enqueue({ to: id, event: output.event, from: actorId, seq: ++this.seq, trace: traceOf(trace, id) }, this.table.get(id)!);
        }
        return;
      case 'midgard.effect':
        this.counters.effectsEmitted++;
        this.effects.dispatch(output.effect, {
          id: `${actorId}/${trace}`,
          actorId,
          tick: this.time.tick,
          now: this.time.now,
          reply: (event, to = actorId) => this.send(to, event, 'effect', traceOf(trace, 'reply')),
        });
        return;
      case 'midgard.timer':
        if (!this.timers.set(actorId, output.timer, this.time.now)) this.deadLetter(actorId, output.timer?.event ?? { type: '?' }, `invalid timer '${output.timer?.id}'`);
        this.table.touched.add(actorId);
        return;
      case 'midgard.timer.cancel':
        this.timers.cancel(actorId, output.id);
        this.table.touched.add(actorId);
        return;
    }
  }

  /** Supervision: the failing message goes to the dead letters; the actor restarts from its snapshot. */
  private fail(id: string, record: ActorRecord, error: string, envelope: Envelope | null): void {
    this.counters.failures++;
    this.counters.restarts++;
    record.errors++;
    record.status = 'lost';
    if (envelope) this.deadLetter(id, envelope.event, error);
    log.warn({ actorId: id, error }, 'actor failed; restarting from its last snapshot');
  }

  private deadLetter(actorId: string, event: PlainEvent, error: string): void {
    this.inspector.deadLetter({ actorId, event, error, tick: this.time.tick, now: this.time.now });
  }

  // ── snapshots, passivation, checkpoints ───────────────────────────────────────────────────────────────────

  private takeSnapshots(snapshots: { id: string; snapshot: unknown }[] | undefined): void {
    for (const { id, snapshot } of snapshots ?? []) {
      const record = this.table.get(id);
      if (!record) continue;
      record.snapshot = snapshot;
      record.version++;
      record.since = null;
      this.table.touched.add(id);
    }
  }

  /** Revive failed actors, then take every dirty resident actor's snapshot: afterwards no since-log is needed. */
  private async collectSnapshots(): Promise<void> {
    const lost = new Map<number, Planned[]>();
    for (const [id, record] of this.table.records) {
      if (record.status !== 'lost') continue;
      const list = lost.get(record.slot) ?? [];
      list.push(this.plan(id, record, [], list.length, false));
      lost.set(record.slot, list);
    }
    for (const [slot, planned] of lost) {
      await this.loadStoredSnapshots(planned);
      const reply = await this.deliverToSlot(slot, planned, false);
      this.apply(planned, reply.results);
    }
    await Promise.all(
      Array.from({ length: this.pool.slots }, async (_, slot) => {
        if (this.incarnations[slot] === null) return; // nothing was ever delivered there
        this.takeSnapshots((await this.runOnSlot(slot, { op: 'snapshot', incarnation: this.incarnations[slot] ?? null })).snapshots);
      }),
    );
  }

  private async passivateIdle(): Promise<void> {
    const cutoff = this.time.now - this.opts.passivateAfterMs;
    const bySlot = new Map<number, string[]>();
    for (const id of this.table.byActivity.keys()) {
      const record = this.table.get(id)!;
      if (record.lastActive > cutoff) break;
      if (record.status !== 'active' || record.mailbox || this.inspector.isWatched(id)) {
        // busy or watched: look again after another idle period instead of blocking the scan
        this.table.markActive(id, record, record.status === 'active' ? this.time.now : record.lastActive);
        continue;
      }
      let ids = bySlot.get(record.slot);
      if (!ids) bySlot.set(record.slot, (ids = []));
      ids.push(id);
    }
    await Promise.all(
      [...bySlot].map(async ([slot, ids]) => {
        const reply = await this.runOnSlot(slot, { op: 'evict', incarnation: this.incarnations[slot] ?? null, ids });
        this.takeSnapshots(reply.snapshots);
        for (const { id } of reply.snapshots ?? []) {
          this.table.markInactive(id, this.table.get(id)!, 'passive');
          this.counters.passivations++;
        }
      }),
    );
  }

  private async writeCheckpoint(): Promise<void> {
    const world: WorldDoc = { now: this.time.now, tick: this.time.tick, seq: this.seq, ...this.pauses.toWorld(), extras: this.options.checkpointExtras?.() };
    await writeCheckpoint(this.parts(), world);
    await this.options.onCheckpoint?.(world.extras);
  }

  private async restore(): Promise<void> {
    const world = await restoreWorld(this.parts(), (id) => this.recordFor(id));
    if (!world) return;
    this.time.now = world.now;
    this.time.tick = world.tick;
    this.seq = world.seq;
    this.restoredExtras = world.extras;
  }

  // ── helpers ───────────────────────────────────────────────────────────────────────────────────────────────

  private parts() {
    return { table: this.table, timers: this.timers, pauses: this.pauses, store: this.store };
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private runOnSlot(slot: number, task: WorkerTask): Promise<WorkerReply> {
    return this.pool.run(slot, task);
  }

  private hasReadyMail(): boolean {
    for (const id of this.table.ready) if (!this.actorPaused(id, this.table.get(id)!)) return true;
    return false;
  }

  /** Virtual time at which the least recently active actor becomes idle enough to passivate. */
  private passivationDue(): number {
    if (this.opts.passivateAfterMs <= 0) return Infinity;
    for (const id of this.table.byActivity.keys()) return this.table.get(id)!.lastActive + this.opts.passivateAfterMs;
    return Infinity;
  }

  /** Jump the clock to just before the next timer or passivation (tick-aligned), never past `until`. */
  private skipIdle(until: number): void {
    const due = Math.min(this.timers.nextDueTime() ?? until, this.passivationDue(), until);
    const ticks = Math.ceil((due - this.time.now) / this.opts.tickMs) - 1;
    if (ticks > 0) {
      this.time.skip(ticks);
    }
  }

  private recordFor(id: string): ActorRecord | undefined {
    const existing = this.table.get(id);
    if (existing) return existing;
    const parsed = typeof id === 'string' ? parseActorId(id) : null;
    if (!parsed || !this.kinds.has(parsed.kind)) return undefined;
    return this.table.add(id, parsed.kind, shardOf(id, this.opts.shards) % this.pool.slots);
  }

  private subscribers(topic: string): string[] {
    const kinds = this.topics.get(topic);
    if (!kinds) return [];
    const out: string[] = [];
    for (const [id, r] of this.table.records) if (kinds.includes(r.kind)) out.push(id);
    return out;
  }

  private existing(id: string): ActorRecord {
    const record = this.table.get(id);
    if (!record) throw new RuntimeInputError(`no actor '${id}'`);
    return record;
  }

  /** Any valid id of a known kind (registering it): an actor can be paused before its first message. */
  private known(id: string): ActorRecord {
    const record = this.recordFor(id);
    if (!record) throw new RuntimeInputError(`no actor '${id}' (expected kind:key with a known kind)`);
    return record;
  }

  private knownKind(kind: string): string {
    if (!this.kinds.has(kind)) throw new RuntimeInputError(`unknown actor kind '${kind}'`);
    return kind;
  }

  private actorPaused(id: string, record: ActorRecord): boolean {
    return this.pauses.holds(id, record.kind);
  }
}
