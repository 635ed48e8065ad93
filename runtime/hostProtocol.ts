import type { Effect, Output, PlainEvent } from './messages.ts';
import type { Envelope, TimerRecord, Transition } from './control.ts';
import type { Counters } from './World.ts';
import type { TickStamps } from './tickPhases.ts';

/**
 * What the conductor (main thread) and the shard hosts (one per worker, or one in-process) say to each other.
 * Per tick the conductor sends each host one order and gets one report: its work grows with the number of hosts
 * and of actors whose visible state changed, never with the number of messages (those go host to host).
 */

/** Fixed for the life of a host. */
export interface HostSetup {
  /** which host this is: it owns the shards `shard % hosts === index` */
  index: number;
  hosts: number;
  shards: number;
  worldSeed: number;
  maxPerTick: number;
  passivateAfterMs: number;
  /** module exporting `kinds: ActorKind[]`, imported by the worker */
  catalogueUrl: string;
}

/**
 * One message on the wire: `[to, event, from, trace, sender shard, sequence]`. Actor mail is ordered by
 * (sender shard, the sender shard's sequence within the tick): a key that does not depend on how shards are
 * spread over hosts. External mail (shard -1) keeps the conductor's order.
 */
export type Mail = [to: string, event: PlainEvent, from: string, trace: string, shard: number, seq: number];

/** External mail for one host: encoded (a transferred buffer) for a worker, as is for the in-process host. */
export type MailBatch = Uint8Array | Mail[] | null;

export interface Control {
  pausedActors: string[];
  pausedKinds: string[];
  watched: string[];
}

/** One actor's state as of a collection: what a checkpoint writes and what a lost host is rebuilt from. */
export type Row = [id: string, snapshot: unknown, timers: TimerRecord[], mailbox: Envelope[], lastActive: number, status: HostActorStatus];

/** new: never created; active: resident; passive: only its snapshot (main thread or store); lost: failed;
 * stored: was resident when its host was lost — brought back from its snapshot on its next message */
export type HostActorStatus = 'new' | 'active' | 'passive' | 'lost' | 'stored';

export type HostCommand =
  /** run tick `tick`: deliver, fire timers, exchange mail with the peers; `collect` = also report the rows */
  | { op: 'tick'; tick: number; now: number; external: MailBatch; collect: boolean }
  /** deliver one queued message to one actor (paused or not), after taking the external mail given */
  | { op: 'step'; id: string; tick: number; now: number; external: MailBatch }
  /** revive failed actors and report every row changed since the last collection */
  | { op: 'collect'; tick: number; now: number }
  | { op: 'control'; control: Control }
  /** current snapshot, timers and mailbox of one actor (inspection; changes nothing) */
  | { op: 'inspect'; id: string }
  /** actors from a checkpoint (restore) or from the conductor's copy (rebuilding a lost host), mail in `ready` order */
  | { op: 'load'; rows: Row[]; ready: string[] }
  /** a rebuilt host re-runs what its predecessor ran since the last collection, muted, with the peers' logged batches */
  | { op: 'replay'; commands: HostCommand[]; batches: Uint8Array[] }
  /** a peer was rebuilt: hand back what was sent to it since the collection before last (and talk to it over `port`, if given) */
  | { op: 'adopt'; peer: number; port?: unknown }
  | { op: 'stats' }
  | { op: 'stop' };

/** One actor whose visible state changed: [id, state or null, status or null, mailbox length or -1, new errors] */
export type Change = [id: string, state: string | null, status: HostActorStatus | null, mailbox: number, errors: number];

/**
 * Something only the main thread can do, from `(shard, seq)` in the sender shard's order: effects, topic
 * publications (the subscribers are known there), dead letters. Sorted by that key across hosts, so the effect
 * order never depends on the worker count.
 */
export type Outgoing = [shard: number, seq: number, actorId: string, trace: string, what: Output | { type: 'dead'; event: PlainEvent; error: string }];

export interface HostStatus {
  /** some unpaused actor has mail */
  ready: boolean;
  nextTimer: number | null;
  /** virtual time at which the least recently active actor may be passivated */
  passivationDue: number;
}

export interface HostReport {
  counters: Partial<Counters>;
  changes: Change[];
  outgoing: Outgoing[];
  transitions: Transition[];
  /** actors let go: their snapshots (undefined: the conductor's copy is already the latest) */
  passivated: [string, unknown][];
  status: HostStatus;
  /** messages sent to each peer this tick */
  sent?: number[];
  /** tick: when this host started it, finished delivering and had its peers' batches (tickPhases.ts) */
  stamps?: TickStamps;
  rows?: Row[];
  /** ids with mail, in delivery order (a rebuilt host must deliver in the same order) */
  readyOrder?: string[];
  /** step: what it did, and mail it sent to other hosts (the conductor forwards it with the next tick) */
  transition?: Transition | null;
  forward?: Mail[];
  /** inspect */
  actor?: { snapshot: unknown; timers: TimerRecord[]; mailbox: Envelope[]; mailboxLength: number };
  /** adopt: batches this host sent to the adopted peer since the last collection */
  batches?: Uint8Array[];
  stats?: { resident: number; live: number; dormant: number; heapUsed: number };
}

export type { Effect };
