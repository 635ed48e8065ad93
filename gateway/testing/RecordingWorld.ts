import type {
  ActorDetail,
  ActorSummary,
  ClockState,
  ControlTarget,
  DeadLetter,
  EffectHandler,
  ListQuery,
  RuntimeStats,
  Transition,
  WorldControl,
} from '../../runtime/control.ts';
import type { PlainEvent } from '../../machines/kit/outputs.ts';

/**
 * A WorldControl double for HTTP-layer tests: a fixed set of actors, and a log of every call so a test can
 * assert what the gateway asked of the runtime (and that a refused request asked nothing).
 */
export class RecordingWorld implements WorldControl {
  readonly calls: { method: string; args: unknown[] }[] = [];
  readonly actors = new Map<string, ActorSummary>();
  readonly watchers = new Map<string, Set<(t: Transition) => void>>();
  #clock: ClockState = { now: 1_767_225_600_000, tick: 0, tickMs: 1000, speed: 1, paused: false };

  constructor(ids: string[] = ['npc:kafra', 'npc:guard', 'faction:prontera']) {
    for (const id of ids) {
      this.actors.set(id, { id, kind: id.split(':')[0]!, state: 'idle', status: 'active', paused: false, mailbox: 1, errors: 0 });
    }
  }

  /** calls that change something (reads filtered out) */
  writes(): { method: string; args: unknown[] }[] {
    const reads = new Set(['clock', 'stats', 'listActors', 'getActor', 'isPaused', 'deadLetters', 'watch']);
    return this.calls.filter((c) => !reads.has(c.method));
  }

  #log(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }

  clock(): ClockState {
    this.#log('clock');
    return { ...this.#clock };
  }
  stats(): RuntimeStats {
    this.#log('stats');
    return { tick: this.#clock.tick, registered: this.actors.size, active: this.actors.size, passive: 0, eventsDelivered: 0, messagesSent: 0,
      effectsEmitted: 0, failures: 0, restarts: 0, passivations: 0, activations: 0, workerRebuilds: 0, deadLetters: 0, ticksRun: this.#clock.tick };
  }
  setSpeed(speed: number | 'max'): void {
    this.#log('setSpeed', speed);
    this.#clock.speed = speed;
  }
  send(to: string, event: PlainEvent, from?: string): void {
    this.#log('send', to, event, from);
  }
  publish(topic: string, event: PlainEvent, from?: string): void {
    this.#log('publish', topic, event, from);
  }
  pause(target: ControlTarget): void {
    this.#log('pause', target);
    if ('actor' in target) this.actors.get(target.actor)!.paused = true;
    if ('world' in target) this.#clock.paused = true;
  }
  resume(target: ControlTarget): void {
    this.#log('resume', target);
    if ('actor' in target) this.actors.get(target.actor)!.paused = false;
    if ('world' in target) this.#clock.paused = false;
  }
  isPaused(target: ControlTarget): boolean {
    this.#log('isPaused', target);
    return 'actor' in target ? (this.actors.get(target.actor)?.paused ?? false) : this.#clock.paused;
  }
  async step(actorId: string): Promise<Transition | null> {
    this.#log('step', actorId);
    const t: Transition = { actorId, tick: this.#clock.tick, now: this.#clock.now, event: { type: 'poke' }, from: 'idle', to: 'busy', contextDiff: {} };
    for (const w of this.watchers.get(actorId) ?? []) w(t);
    return t;
  }
  async stepWorld(): Promise<void> {
    this.#log('stepWorld');
    this.#clock.tick++;
    this.#clock.now += this.#clock.tickMs;
  }
  listActors(query: ListQuery): { total: number; items: ActorSummary[] } {
    this.#log('listActors', query);
    const all = [...this.actors.values()].filter(
      (a) => (query.kind === undefined || a.kind === query.kind) && (query.paused === undefined || a.paused === query.paused) &&
        (query.q === undefined || a.id.includes(query.q)) && (query.state === undefined || a.state === query.state),
    );
    const offset = query.offset ?? 0;
    return { total: all.length, items: all.slice(offset, offset + (query.limit ?? 50)) };
  }
  async getActor(id: string): Promise<ActorDetail | null> {
    this.#log('getActor', id);
    const a = this.actors.get(id);
    return a ? { ...a, snapshot: { value: a.state, context: {} }, timers: [], mailboxPreview: [], recentTransitions: [] } : null;
  }
  watch(actorId: string, listener: (t: Transition) => void): () => void {
    this.#log('watch', actorId);
    const set = this.watchers.get(actorId) ?? new Set();
    set.add(listener);
    this.watchers.set(actorId, set);
    return () => set.delete(listener);
  }
  onEffect(kind: string, _handler: EffectHandler): () => void {
    this.#log('onEffect', kind);
    return () => {};
  }
  deadLetters(): DeadLetter[] {
    this.#log('deadLetters');
    return [];
  }
  async flush(): Promise<void> {
    this.#log('flush');
  }
}
