import type { RuntimeStats } from './control.ts';
import type { SnapshotStore } from '../persistence/types.ts';
import type { PlainEvent } from './messages.ts';
import type { ActorRecord } from './ActorTable.ts';
import type { WorldClock } from './WorldClock.ts';
import { ActorTable } from './ActorTable.ts';
import { Inspector } from './Inspector.ts';
import { Pauses } from './Pauses.ts';
import { TimerWheel } from './TimerWheel.ts';

/** The runtime's fixed settings, with their defaults applied (see RuntimeOptions for each one's meaning). */
export interface Settings {
  shards: number;
  tickMs: number;
  startTime: number;
  passivateAfterMs: number;
  snapshotEveryTicks: number;
  flushEveryTicks: number;
  maxPerTick: number;
}

export type Counters = Omit<RuntimeStats, 'tick' | 'registered' | 'active' | 'passive' | 'deadLetters'>;

const emptyCounters = (): Counters => ({
  ticksRun: 0, eventsDelivered: 0, messagesSent: 0, effectsEmitted: 0, failures: 0, restarts: 0, passivations: 0, activations: 0, workerRebuilds: 0,
});

/**
 * What the main thread knows of the world: every actor's record, the timers, the clock, pauses, inspection and
 * counters. One instance, shared by the runtime's parts, each of which owns one concern over it (routing,
 * activation, the worker slots, applying results).
 */
export class World {
  readonly table = new ActorTable();
  readonly timers = new TimerWheel();
  readonly pauses = new Pauses();
  readonly inspector = new Inspector();
  readonly counters = emptyCounters();
  /** runtime-wide order in which mail was enqueued (restore re-queues by it) */
  seq = 0;

  constructor(
    readonly time: WorldClock,
    readonly store: SnapshotStore,
    readonly settings: Settings,
  ) {}

  nextSeq(): number {
    return ++this.seq;
  }

  actorPaused(id: string, record: ActorRecord): boolean {
    return this.pauses.holds(id, record.kind);
  }

  deadLetter(actorId: string, event: PlainEvent, error: string): void {
    this.inspector.deadLetter({ actorId, event, error, tick: this.time.tick, now: this.time.now });
  }
}
