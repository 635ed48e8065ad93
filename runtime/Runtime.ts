import { randomUUID } from 'node:crypto';
import type { ActorKind, Catalogue } from './ActorKind.ts';
import type { ActorDetail, ClockState, ControlTarget, DeadLetter, EffectHandler, ListQuery, RuntimeStats, Transition, WorldControl } from './control.ts';
import type { PlainEvent } from './messages.ts';
import type { SnapshotStore } from './SnapshotStore.ts';
import { EffectBus, type EffectBusOptions } from './EffectBus.ts';
import { restoreWorld, writeCheckpoint, type WorldDoc } from './checkpoint.ts';
import { WorldClock, type RealClock } from './WorldClock.ts';
import { World } from './World.ts';
import { Router, RuntimeInputError } from './Router.ts';
import { Conductor } from './Conductor.ts';
import type { TickPhases } from './tickPhases.ts';
import { hashWorld } from './inspect.ts';
import { defaultWorkerCount } from './ShardPool.ts';
import type { RemoteHosts } from './HostPool.ts';
import { parseActorId, traceOf } from './actorId.ts';
import { MemorySnapshotStore } from '../persistence/memory/MemorySnapshotStore.ts';

export { RuntimeInputError };

export interface RuntimeOptions {
  /** module exporting `kinds: ActorKind[]` (workers import it by URL) */
  catalogue: URL | string;
  /** worker threads; 0 keeps actors in the main thread. Default: available cores */
  workers?: number;
  /** the shard hosts live elsewhere (world nodes of a cluster: cluster/WorldNode.ts); `workers` is then ignored */
  hosts?: RemoteHosts;
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
  /** the effect retry queue's bound and spill directory (see EffectBus) */
  effects?: Pick<EffectBusOptions, 'maxInMemory' | 'spillDir'>;
}

/**
 * The world's public face. Actors live in shard hosts (one per worker thread, or one in this thread with 0
 * workers) that own their shards' actors, mailboxes and timers and exchange mail directly; this thread keeps the
 * clock, the records listings read, pauses, inspection and effects, and conducts: each tick is one order and one
 * report per host (Conductor.ts). Same seed + same inputs ⇒ same world, whatever the worker count.
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
  readonly effects: EffectBus;
  /** extras restored from the last checkpoint (see RuntimeOptions.checkpointExtras) */
  restoredExtras: unknown = undefined;

  private readonly world: World;
  private readonly router: Router;
  private readonly conductor: Conductor;
  private stopped = false;
  private stopping: Promise<void> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    kinds: ActorKind[],
    workers: number,
    catalogueUrl: string,
    private readonly options: RuntimeOptions,
  ) {
    this.store = options.store ?? new MemorySnapshotStore();
    // a spilled effect's way back to its actor, as Outcomes builds it for a fresh one (id = `<actorId>/<trace>`)
    this.effects = new EffectBus({
      ...options.effects,
      replyFor: (saved) => (event, to = saved.actorId) => this.send(to, event, 'effect', traceOf(saved.id.slice(saved.actorId.length + 1), 'reply')),
    });
    const settings = {
      shards: options.shards ?? 64,
      tickMs: options.tickMs ?? 1000,
      startTime: options.startTime ?? Date.UTC(2026, 0, 1),
      passivateAfterMs: options.passivateAfterMs ?? 600_000,
      snapshotEveryTicks: options.snapshotEveryTicks ?? 60,
      flushEveryTicks: options.flushEveryTicks ?? 60,
      maxPerTick: options.maxPerTick ?? 100,
    };
    const time = new WorldClock(settings.tickMs, settings.startTime, options.speed ?? 1, options.realClock);
    this.world = new World(time, this.store, settings);
    this.router = new Router(kinds, this.world.table, settings.shards, Math.max(1, workers));
    this.kinds = this.router.kinds;
    const send = (to: string, event: PlainEvent, from: string, trace: string) => this.send(to, event, from, trace);
    this.conductor = new Conductor(this.world, this.router, this.effects, send, kinds, workers, catalogueUrl, options.seed ?? 1, options.hosts);
  }

  static async create(options: RuntimeOptions): Promise<Runtime> {
    const catalogueUrl = options.catalogue instanceof URL ? options.catalogue.href : options.catalogue;
    const { kinds } = (await import(catalogueUrl)) as Catalogue;
    const workers = options.hosts?.count ?? options.workers ?? defaultWorkerCount();
    const runtime = new Runtime(kinds, workers, catalogueUrl, options);
    if (options.restore) await runtime.restore();
    return runtime;
  }

  // ── inputs ────────────────────────────────────────────────────────────────────────────────────────────────

  send(to: string, event: PlainEvent, from = 'external', trace?: string): void {
    if (!event || typeof event.type !== 'string' || !event.type) throw new RuntimeInputError('an event needs a string `type`');
    const record = this.router.recordFor(to);
    if (!record) throw new RuntimeInputError(`unknown actor id '${to}' (expected kind:key with a known kind)`);
    // An input with no causal trace of its own (an admin's send, a tool) is never replayed, so it gets a unique
    // one: a sequence number would repeat after a restart from an older checkpoint and collide with effect ids.
    // No wake-up: mail waits for the next tick, so load never speeds the world clock up.
    this.conductor.enqueue(to, event, from, trace ?? randomUUID(), record);
  }

  publish(topic: string, event: PlainEvent, from = 'external', trace?: string): void {
    const base = trace ?? randomUUID();
    for (const id of this.router.subscribers(topic)) this.send(id, event, from, traceOf(base, id));
  }

  /** Make actors known without creating them (virtual actors: they come to life on their first message). */
  register(ids: string[]): void {
    const bad = ids.find((id) => !this.kinds.has(parseActorId(id)?.kind ?? ''));
    if (bad !== undefined) throw new RuntimeInputError(`unknown actor id '${bad}'`); // all or nothing
    for (const id of ids) this.router.recordFor(id);
  }

  // ── time ──────────────────────────────────────────────────────────────────────────────────────────────────

  clock(): ClockState {
    const { time, pauses } = this.world;
    return { now: time.now, tick: time.tick, tickMs: time.tickMs, speed: time.speed, paused: pauses.world };
  }

  setSpeed(speed: number | 'max'): void {
    if (speed !== 'max' && !(typeof speed === 'number' && speed > 0 && Number.isFinite(speed))) {
      throw new RuntimeInputError(`speed must be a positive number or 'max', got ${JSON.stringify(speed)}`);
    }
    this.world.time.setSpeed(speed);
  }

  /** Advance the world one tick. Ticks, steps and flushes never overlap. */
  tick(): Promise<void> {
    return this.serial(() => this.runTick());
  }

  /** Run ticks until virtual time reaches `until`, skipping idle stretches straight to the next timer. */
  async runUntil(until: number, onTick?: () => void): Promise<void> {
    while (this.world.time.now < until) {
      await this.serial(async () => {
        if (!this.conductor.hasReadyMail()) this.skipIdle(until);
        if (this.world.time.now < until) await this.runTick();
      });
      onTick?.();
    }
  }

  /** The clock loop is started (a paused world is still running: it keeps accepting and queueing mail). */
  get running(): boolean {
    return this.world.time.running && !this.stopped;
  }

  /** Start the real-time (or scaled, or max-speed) loop. */
  start(): void {
    this.world.time.start(() => this.tick(), () => this.world.pauses.world);
  }

  /** Stop the clock, take a last checkpoint and end the hosts (a second call waits for the first). */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.stopped = true;
      await this.world.time.stop();
      await this.flush();
      await this.conductor.hosts.destroy();
    })();
    return this.stopping;
  }

  // ── control ───────────────────────────────────────────────────────────────────────────────────────────────

  pause(target: ControlTarget): void {
    this.setPaused(target, true);
  }

  resume(target: ControlTarget): void {
    this.setPaused(target, false);
    if ('world' in target) this.world.time.repace();
  }

  isPaused(target: ControlTarget): boolean {
    const { pauses, table } = this.world;
    if ('world' in target) return pauses.world;
    if ('kind' in target) return pauses.kinds.has(target.kind);
    const record = table.get(target.actor);
    return !!record && this.world.actorPaused(target.actor, record);
  }

  private setPaused(target: ControlTarget, paused: boolean): void {
    const { pauses, table } = this.world;
    if ('world' in target) pauses.world = paused;
    else if ('kind' in target) pauses.kinds[paused ? 'add' : 'delete'](this.router.knownKind(target.kind));
    else {
      this.router.known(target.actor);
      pauses.actors[paused ? 'add' : 'delete'](target.actor);
      table.touched.add(target.actor); // per-actor pauses are stored with the actor
    }
    this.conductor.control();
  }

  step(actorId: string): Promise<Transition | null> {
    return this.serial(async () => {
      const record = this.router.existing(actorId);
      return this.conductor.step(record, actorId);
    });
  }

  stepWorld(): Promise<void> {
    return this.tick();
  }

  // ── inspection ────────────────────────────────────────────────────────────────────────────────────────────

  stats(): RuntimeStats {
    const { time, table, counters, inspector } = this.world;
    return { tick: time.tick, ...table.counts(), ...counters, deadLetters: inspector.deadLetterCount };
  }

  listActors(query: ListQuery) {
    return this.world.table.list(query, (id, r) => this.world.actorPaused(id, r));
  }

  census() {
    return this.world.table.census();
  }

  async getActor(id: string): Promise<ActorDetail | null> {
    const { table, inspector } = this.world;
    const record = table.get(id);
    if (!record) return null;
    const actor = await this.serial(() => this.conductor.inspect(record, id));
    let snapshot = actor.snapshot ?? record.snapshot;
    if (snapshot === undefined) snapshot = (await this.store.load([id]))[0]?.snapshot ?? null;
    return {
      ...table.summary(id, record, this.world.actorPaused(id, record)),
      mailbox: actor.mailboxLength,
      snapshot,
      timers: actor.timers,
      mailboxPreview: actor.mailbox,
      recentTransitions: inspector.recentOf(id),
    };
  }

  watch(actorId: string, listener: (t: Transition) => void): () => void {
    const stop = this.world.inspector.watch(actorId, listener);
    this.conductor.control();
    return () => {
      stop();
      this.conductor.control();
    };
  }

  onEffect(kind: string, handler: EffectHandler): () => void {
    return this.effects.on(kind, handler);
  }

  /** Resident actors and heap per worker (for dashboards and the benchmark's memory figures). */
  workerStats(): Promise<{ slot: number; resident: number; live: number; dormant: number; heapUsed: number }[]> {
    return this.conductor.stats();
  }

  /** Where the ticks' wall time went since the start: the conductor, the hand-offs, the hosts (tickPhases.ts). */
  tickPhases(): TickPhases {
    return { ...this.conductor.phases };
  }

  deadLetters(): DeadLetter[] {
    return this.world.inspector.deadLetters();
  }

  /** SHA-256 over every actor's snapshot, timers and mailbox, in id order: equal worlds hash equal. */
  async worldHash(): Promise<string> {
    await this.serial(() => this.conductor.collect());
    return hashWorld(this.world, this.conductor.waiting());
  }

  // ── persistence ───────────────────────────────────────────────────────────────────────────────────────────

  /** Checkpoint: snapshot every dirty resident actor, then write them and the world clock atomically. */
  flush(): Promise<void> {
    return this.serial(() => this.checkpoint(true, false));
  }

  // ── the tick ──────────────────────────────────────────────────────────────────────────────────────────────

  private async runTick(): Promise<void> {
    const { time, settings } = this.world;
    time.advance();
    const checkpoint = time.tick % settings.flushEveryTicks === 0;
    await this.conductor.tick(checkpoint || time.tick % settings.snapshotEveryTicks === 0);
    if (checkpoint) await this.checkpoint(false);
  }

  // ── checkpoints ───────────────────────────────────────────────────────────────────────────────────────────

  /**
   * The one place a checkpoint is taken (every flushEveryTicks ticks, and on flush): fresh snapshots, then
   * actors and the world document written atomically. A flush also waits for every effect handler in flight;
   * the tick's own checkpoint does not (a slow handler, an LLM call, must not stall the clock).
   */
  private async checkpoint(settleEffects: boolean, collected = true): Promise<void> {
    if (!collected) await this.conductor.collect();
    if (settleEffects) await this.effects.settle();
    const { time, pauses } = this.world;
    const world: WorldDoc = { now: time.now, tick: time.tick, seq: this.world.seq, ...pauses.toWorld(), extras: this.options.checkpointExtras?.() };
    await writeCheckpoint(this.parts(), world, this.conductor.waiting());
    await this.options.onCheckpoint?.(world.extras);
  }

  private async restore(): Promise<void> {
    const world = await restoreWorld(this.parts(), (id) => this.router.recordFor(id));
    await this.conductor.load();
    this.conductor.control();
    if (!world) return;
    this.world.time.now = world.now;
    this.world.time.tick = world.tick;
    this.world.seq = world.seq;
    this.restoredExtras = world.extras;
  }

  // ── helpers ───────────────────────────────────────────────────────────────────────────────────────────────

  private parts() {
    const { table, rows, pauses } = this.world;
    return { table, rows, pauses, store: this.store };
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Jump the clock to just before the next timer or passivation (tick-aligned), never past `until`. */
  private skipIdle(until: number): void {
    const { time } = this.world;
    const due = Math.min(this.conductor.nextTimer() ?? until, this.conductor.passivationDue(), until);
    const ticks = Math.ceil((due - time.now) / time.tickMs) - 1;
    if (ticks > 0) time.skip(ticks);
  }
}
