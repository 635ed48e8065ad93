import { createActor, type AnyActorRef } from 'xstate';
import type { ActorKind } from './ActorKind.ts';
import { delivered, type ActorBatch, type ActorResult } from './protocol.ts';
import type { Output } from '../machines/kit/outputs.ts';
import type { Transition } from './control.ts';
import { parseActorId } from './actorId.ts';
import { seedFor } from '../machines/kit/random.ts';
import { contextDiff, stateKey } from './stateKey.ts';

interface Resident {
  actor: AnyActorRef;
  /** outputs of the event being delivered; null while replaying (replays must not act twice) */
  sink: Output[] | null;
  value: unknown;
  dirty: boolean;
  error: unknown;
}

/**
 * The actors resident in one worker (or in the main thread when the runtime runs inline). Live XState root
 * actors, never `transition()` on data: live `send` is ~4× faster (ARCHITECTURE.md decision 1).
 */
export class ActorHost {
  private readonly kinds: Map<string, ActorKind>;
  private readonly residents = new Map<string, Resident>();

  constructor(kinds: ActorKind[], private readonly worldSeed: number) {
    this.kinds = new Map(kinds.map((k) => [k.kind, k]));
  }

  get size(): number {
    return this.residents.size;
  }

  has(id: string): boolean {
    return this.residents.has(id);
  }

  deliver(batch: ActorBatch): ActorResult {
    const result: ActorResult = { order: batch.order, id: batch.id, delivered: 0, outputs: [], ends: [] };
    let resident = this.residents.get(batch.id);
    try {
      if (batch.restore || !resident) resident = this.activate(batch.id, batch.restore, batch.chunk.now, result.outputs);
    } catch (err) {
      // A snapshot the machine can no longer read, or a replay that throws: the first event is the culprit's witness.
      this.residents.delete(batch.id);
      result.failure = { index: 0, error: describe(err) };
      return result;
    }
    const transitions: Transition[] | undefined = batch.inspect ? [] : undefined;
    for (let i = 0; i < batch.chunk.events.length; i++) {
      const event = delivered(batch.chunk, i);
      const before = transitions ? resident.actor.getSnapshot() : undefined;
      resident.sink = result.outputs;
      resident.actor.send(event);
      const snapshot = resident.actor.getSnapshot();
      if (snapshot.status === 'error' || resident.error) {
        // Supervision: drop the actor; the runtime restarts it from its last snapshot plus what it saw since.
        this.residents.delete(batch.id);
        result.failure = { index: i, error: describe(resident.error ?? snapshot.error) };
        result.outputs.length = i === 0 ? 0 : result.ends[i - 1]!;
        return result;
      }
      resident.dirty = true;
      result.delivered = i + 1;
      result.ends.push(result.outputs.length);
      if (transitions && before) {
        transitions.push({
          actorId: batch.id,
          tick: event.meta.tick,
          now: event.meta.now,
          event,
          from: before.value,
          to: snapshot.value,
          contextDiff: contextDiff(before.context, snapshot.context),
        });
      }
      if (snapshot.value !== resident.value) {
        resident.value = snapshot.value;
        result.state = stateKey(snapshot.value);
      }
    }
    if (transitions) result.transitions = transitions;
    return result;
  }

  /** Persisted snapshot of one resident actor (XState's own format: value, context, status…). */
  snapshotOf(id: string): unknown {
    const resident = this.residents.get(id);
    if (!resident) return undefined;
    resident.dirty = false;
    return resident.actor.getPersistedSnapshot();
  }

  peek(id: string): unknown {
    return this.residents.get(id)?.actor.getPersistedSnapshot();
  }

  dirtySnapshots(): { id: string; snapshot: unknown }[] {
    const out: { id: string; snapshot: unknown }[] = [];
    for (const [id, resident] of this.residents) {
      if (resident.dirty) out.push({ id, snapshot: this.snapshotOf(id) });
    }
    return out;
  }

  evict(ids: string[]): { id: string; snapshot: unknown }[] {
    const out: { id: string; snapshot: unknown }[] = [];
    for (const id of ids) {
      const resident = this.residents.get(id);
      if (!resident) continue;
      out.push({ id, snapshot: resident.actor.getPersistedSnapshot() });
      resident.actor.stop();
      this.residents.delete(id);
    }
    return out;
  }

  /**
   * Bring an actor into memory: fresh, or from its snapshot plus the events it saw after it (replayed with
   * outputs muted: their effects already happened). A brand-new actor's entry outputs count with its first event.
   */
  private activate(id: string, restore: ActorBatch['restore'], now: number, sink: Output[]): Resident {
    this.residents.get(id)?.actor.stop();
    const parsed = parseActorId(id);
    const kind = parsed && this.kinds.get(parsed.kind);
    if (!parsed || !kind) throw new Error(`no actor kind for id '${id}'`);
    const input = { id, key: parsed.key, seed: seedFor(this.worldSeed, id), now, ...kind.input?.(parsed.key) };
    const snapshot = restore?.snapshot ?? undefined;
    const actor = createActor(kind.logic, snapshot ? { input, snapshot: snapshot as never } : { input });
    const fresh = !snapshot && !restore?.replay.length;
    const resident: Resident = { actor, sink: fresh ? sink : null, value: undefined, dirty: fresh, error: undefined };
    actor.on('*', (emitted: Output) => {
      if (resident.sink && emitted.type.startsWith('midgard.')) resident.sink.push(emitted);
    });
    // Without an error observer XState rethrows asynchronously and would take the whole worker down.
    actor.subscribe({ error: (err) => (resident.error = err) });
    actor.start();
    for (const chunk of restore?.replay ?? []) for (let i = 0; i < chunk.events.length; i++) actor.send(delivered(chunk, i));
    resident.sink = null;
    if (actor.getSnapshot().status === 'error') throw resident.error ?? new Error(`actor '${id}' failed during restore`);
    resident.value = actor.getSnapshot().value;
    this.residents.set(id, resident);
    return resident;
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

