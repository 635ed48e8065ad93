import { createActor, fromCallback, type AnyActorRef, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { ActorKind } from './ActorKind.ts';
import { delivered, type ActorBatch, type ActorResult } from './protocol.ts';
import { OUTPUT, type Delivered, type Output } from './messages.ts';
import type { Transition } from './control.ts';
import { parseActorId, seedFor } from './actorId.ts';
import { contextDiff, stateKey } from './stateKey.ts';
import { upgradeLegacySnapshot } from './legacySnapshot.ts';

interface Live {
  actor: AnyActorRef;
  /** the state key last reported (stateKey of its state value) */
  state: string;
  dirty: boolean;
  lastTick: number;
}

interface Dormant {
  snapshot: unknown;
  dirty: boolean;
}

/** how often (in ticks, at most) compact looks for idle live actors */
const COMPACT_EVERY = 8;

export interface ActorHostOptions {
  /** a live actor untouched for this many ticks keeps only its persisted snapshot in memory (default 30) */
  dormantAfterTicks?: number;
  /**
   * live actors a host keeps before idle ones go dormant (default 25,000, ~55 MB): under it dormancy only trades
   * CPU for memory nobody needs — the 10k-NPC sim, whose NPCs wake every few virtual hours, spent ~12 % of its
   * CPU reviving and re-compacting them.
   */
  liveBudget?: number;
}

/**
 * The actors resident in one worker (or in the main thread when the runtime runs inline).
 *
 * Live actors are XState actors, never `transition()` on data: live `send` is ~4× faster (ARCHITECTURE.md
 * decision 1). But a live actor costs ~2.2 KB however small its context, so once a host holds more than its
 * live budget, an actor left alone for a few ticks goes *dormant*: only its persisted snapshot (a few hundred
 * bytes) stays, and it is revived on its next message. Unlike passivation this never leaves the worker, so it
 * costs no store round trip.
 *
 * One emit function serves every actor (delivery is synchronous, so the host knows which actor is speaking): it
 * replaces the actor's own emitter instead of subscribing with `actor.on('*')`, whose per-actor listener set and
 * bound handler cost ~940 B an actor. No error observer either: an actor with a parent does not rethrow its
 * error, and its snapshot says `error` (an observer cost another ~400 B). And every actor is created under one
 * silent root, so all share one XState actor system: a system per root actor was another ~1.9 KB. (Bench NPC,
 * heap after GC, 20,000 actors in one thread: 3,115 B an actor with `on` + observer, 2,178 B without.)
 */
export class ActorHost {
  private readonly kinds: Map<string, ActorKind>;
  private readonly live = new Map<string, Live>();
  private readonly dormant = new Map<string, Dormant>();
  private readonly dormantAfterTicks: number;
  private readonly liveBudget: number;
  private nextCompaction = 0;
  /** where the speaking actor's outputs go; null while restoring one from a snapshot (its entry actions already ran) */
  private sink: Output[] | null = null;
  private readonly collect = (emitted: Output) => {
    if (!this.sink || !emitted.type.startsWith('midgard.')) return;
    if (emitted.type === OUTPUT.batch) this.sink.push(...emitted.outputs);
    else this.sink.push(emitted);
  };
  /** the shared system's root: it ignores what reaches it (a failing actor reports its error to it) */
  private readonly root = createActor(fromCallback(() => {})).start();

  constructor(kinds: ActorKind[], private readonly worldSeed: number, options: ActorHostOptions = {}) {
    this.kinds = new Map(kinds.map((k) => [k.kind, k]));
    this.dormantAfterTicks = options.dormantAfterTicks ?? 30;
    this.liveBudget = options.liveBudget ?? 25_000;
  }

  get size(): number {
    return this.live.size + this.dormant.size;
  }

  counts(): { live: number; dormant: number } {
    return { live: this.live.size, dormant: this.dormant.size };
  }

  deliver(batch: ActorBatch): ActorResult {
    const result: ActorResult = { delivered: 0, outputs: [], ends: [] };
    const { id } = batch;
    let live: Live | undefined = batch.restore ? undefined : this.live.get(id);
    const wasLive = live !== undefined;
    const fresh = batch.restore ? !batch.restore.snapshot : !wasLive && !this.dormant.has(id);
    try {
      live ??= this.wake(batch, result.outputs);
    } catch (err) {
      // A snapshot the machine can no longer read: the first event is the witness.
      this.drop(id);
      result.failure = { index: 0, error: describe(err) };
      return result;
    }
    if (!wasLive) {
      this.live.set(id, live);
      // A newly created or revived actor reports its state even if no event changes it: listings need it.
      result.state = live.state;
    }
    live.lastTick = batch.tick;
    const transitions: Transition[] | undefined = batch.inspect ? [] : undefined;
    const count = batch.mail.length;
    // the state before the event being delivered: what a failing actor restarts from (XState snapshots are immutable)
    let before: AnyMachineSnapshot = live.actor.getSnapshot();
    this.sink = result.outputs;
    try {
      let event: Delivered | undefined;
      for (let i = 0; i < count; i++) {
        event = delivered(batch, i, event);
        live.actor.send(event);
        const snapshot: AnyMachineSnapshot = live.actor.getSnapshot();
        if (snapshot.status === 'error') {
          result.failure = { index: i, error: describe(snapshot.error) };
          result.outputs.length = i === 0 ? 0 : result.ends[i - 1]!;
          // Supervision: the actor restarts from its state before this event. A brand-new actor failing on its
          // first event is dropped instead: it starts afresh on its next message (its entry outputs were discarded).
          if (fresh && i === 0) this.drop(id);
          else {
            this.report(live, before, result);
            this.restart(id, before);
          }
          return result;
        }
        result.delivered = i + 1;
        result.ends.push(result.outputs.length);
        if (transitions) {
          const { meta } = event;
          transitions.push({ actorId: id, tick: meta.tick, now: meta.now, event, from: before.value, to: snapshot.value, contextDiff: contextDiff(before.context, snapshot.context) });
        }
        before = snapshot;
      }
    } finally {
      this.sink = null;
    }
    if (count) {
      live.dirty = true;
      this.report(live, before, result);
    }
    if (transitions) result.transitions = transitions;
    return result;
  }

  /** The state the batch left the actor in, when it differs from the one last reported (a batch may go and come back). */
  private report(live: Live, snapshot: AnyMachineSnapshot, result: ActorResult): void {
    const state = stateKey(snapshot.value);
    if (state === live.state) return;
    live.state = state;
    result.state = state;
  }

  /** Whether the actor is in memory here (live or dormant). */
  has(id: string): boolean {
    return this.live.has(id) || this.dormant.has(id);
  }

  /**
   * A failed actor keeps, as its dormant snapshot, its state before the failing event: the same state its last
   * snapshot plus every event it handled since would rebuild, without keeping those events. XState children are
   * persisted as they are at the failure (a parent's error does not stop them).
   */
  private restart(id: string, before: AnyMachineSnapshot): void {
    const logic = this.kinds.get(parseActorId(id)!.kind)!.logic as AnyStateMachine;
    const snapshot = logic.getPersistedSnapshot(before);
    this.drop(id);
    this.dormant.set(id, { snapshot, dirty: true });
  }

  /**
   * Over the live budget, let actors untouched since `tick - dormantAfterTicks` keep only their snapshot. A scan
   * of every live actor every few ticks: cheaper than keeping them in recency order (a Map delete and set per
   * delivery).
   */
  compact(tick: number): void {
    if (this.live.size <= this.liveBudget || tick < this.nextCompaction) return;
    this.nextCompaction = tick + Math.min(COMPACT_EVERY, this.dormantAfterTicks);
    for (const [id, live] of this.live) {
      if (live.lastTick > tick - this.dormantAfterTicks) continue;
      this.dormant.set(id, { snapshot: live.actor.getPersistedSnapshot(), dirty: live.dirty });
      stopActor(live.actor);
      this.live.delete(id);
    }
  }

  /** Current persisted snapshot (XState's own format), without touching the dirty flag. */
  peek(id: string): unknown {
    return this.live.get(id)?.actor.getPersistedSnapshot() ?? this.dormant.get(id)?.snapshot;
  }

  dirtySnapshots(): { id: string; snapshot: unknown }[] {
    const out: { id: string; snapshot: unknown }[] = [];
    for (const [id, live] of this.live) {
      if (!live.dirty) continue;
      live.dirty = false;
      out.push({ id, snapshot: live.actor.getPersistedSnapshot() });
    }
    for (const [id, dormant] of this.dormant) {
      if (!dormant.dirty) continue;
      dormant.dirty = false;
      out.push({ id, snapshot: dormant.snapshot });
    }
    return out;
  }

  /** Passivation: hand over the snapshots and forget the actors. */
  evict(ids: string[]): { id: string; snapshot: unknown }[] {
    const out: { id: string; snapshot: unknown }[] = [];
    for (const id of ids) {
      const snapshot = this.peek(id);
      if (snapshot === undefined) continue;
      out.push({ id, snapshot });
      this.drop(id);
    }
    return out;
  }

  /** A batch's actor when it is not live: revived from dormancy, or rebuilt from what the runtime sent. */
  private wake(batch: ActorBatch, sink: Output[]): Live {
    if (!batch.restore) {
      const dormant = this.dormant.get(batch.id);
      if (dormant) {
        this.dormant.delete(batch.id);
        const revived = this.create(batch.id, dormant.snapshot, batch.now);
        revived.dirty = dormant.dirty;
        return revived;
      }
    }
    return this.activate(batch.id, batch.restore, batch.now, sink);
  }

  /**
   * Bring an actor into memory: fresh, or from its snapshot (outputs muted: its entry actions already ran). A
   * brand-new actor's entry outputs count with its first event.
   */
  private activate(id: string, restore: ActorBatch['restore'], now: number, sink: Output[]): Live {
    this.drop(id);
    const snapshot = restore?.snapshot ?? undefined;
    const fresh = !snapshot;
    this.sink = fresh ? sink : null;
    try {
      const live = this.create(id, snapshot, now);
      const { status, error } = live.actor.getSnapshot();
      if (status === 'error') throw error ?? new Error(`actor '${id}' failed during restore`);
      live.dirty = fresh;
      return live;
    } finally {
      this.sink = null;
    }
  }

  private create(id: string, snapshot: unknown, now: number): Live {
    const parsed = parseActorId(id);
    const kind = parsed && this.kinds.get(parsed.kind);
    if (!parsed || !kind) throw new Error(`no actor kind for id '${id}'`);
    const input = { id, key: parsed.key, seed: seedFor(this.worldSeed, id), now, ...kind.input?.(parsed.key) };
    if (snapshot) snapshot = upgradeLegacySnapshot(kind.logic, snapshot, input);
    const actor = createActor(kind.logic, snapshot ? { input, snapshot: snapshot as never, parent: this.root } : { input, parent: this.root });
    listen(actor, this.collect);
    actor.start();
    return { actor, state: stateKey(actor.getSnapshot().value), dirty: false, lastTick: 0 };
  }

  private drop(id: string): void {
    const live = this.live.get(id);
    if (live) stopActor(live.actor);
    this.live.delete(id);
    this.dormant.delete(id);
  }
}

/**
 * Route an actor's emitted events to `emit`: XState's emit action calls `actorScope.emit`, which is replaced
 * before the actor starts (ActorHost.test.ts checks outputs arrive, in case XState renames it).
 */
function listen(actor: AnyActorRef, emit: (event: Output) => void): void {
  const scope = (actor as unknown as { _actorScope?: { emit?: unknown } })._actorScope;
  if (!scope || typeof scope.emit !== 'function') throw new Error('this XState version has no actorScope.emit to route outputs through');
  scope.emit = emit;
}

/**
 * XState lets only a root actor be stopped through `stop()`; ours have the shared root as parent, so they are
 * stopped the way a parent stops its children (`_stop`: leaves the system, cancels its delayed events).
 * ActorHost.test.ts checks that a dropped actor really stops, in case XState renames it.
 */
function stopActor(actor: AnyActorRef): void {
  (actor as unknown as { _stop(): void })._stop();
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
