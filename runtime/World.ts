import type { RuntimeStats } from './control.ts';
import type { SnapshotStore } from './SnapshotStore.ts';
import type { PlainEvent } from './messages.ts';
import type { ActorRecord } from './ActorTable.ts';
import type { WorldClock } from './WorldClock.ts';
import { ActorTable } from './ActorTable.ts';
import { Inspector } from './Inspector.ts';
import { Pauses } from './Pauses.ts';
import type { Row } from './hostProtocol.ts';

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
 * What the main thread knows of the world: every actor's record (kind, state, status, mailbox length — kept
 * current by the hosts' per-tick changes), the rows of the last collection (timers and mailboxes as the hosts
 * reported them: what a checkpoint writes and a lost host is rebuilt from), the clock, pauses, inspection and
 * counters. The actors themselves, their mail and timers live in the shard hosts.
 */
export class World {
  readonly table = new ActorTable();
  /** per actor, as of the last collection: timers, mailbox, last activity, status (rows with nothing to say are left out) */
  readonly rows = new Map<string, Row>();
  readonly pauses = new Pauses();
  readonly inspector = new Inspector();
  readonly counters = emptyCounters();
  /** order of external mail (sends, effect replies, publications) across the runtime */
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
