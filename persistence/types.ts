import type { Capabilities } from '../contract/capabilities.ts';
import type { EventPriority } from '../contract/events.ts';

/**
 * The storage contracts. Each has an in-memory implementation (tests, simulation) and a Postgres/Redis one.
 * The runtime, the gateway and the world depend on these interfaces only (the snapshot store's is the runtime's).
 */

/** The snapshot store is the runtime's contract (runtime/SnapshotStore.ts); the stores here implement it. */
export type { SnapshotStore, StoredActor } from '../runtime/SnapshotStore.ts';

/**
 * A game event as the bridge contract spells it (contract/events.ts). `event_type` stays a string here: the journal
 * keeps what was accepted, and reading an old journal must not depend on today's list of types.
 */
export interface GameEvent {
  event_id?: string;
  /**
   * The journal key when the caller decided it: the gateway keys an id-less event by its batch's content and its
   * position there (see `batchEventKeys`). Absent: `eventKey` uses `event_id`, or a hash of the content.
   */
  key?: string;
  event_type: string;
  /** char id; absent for a server event (daily_reset, most custom events): never 0 */
  player_id?: number;
  map?: string;
  timestamp: number;
  priority: EventPriority;
  payload: Record<string, unknown>;
}

export interface JournaledEvent extends GameEvent {
  /** journal order, gap-free per store */
  seq: number;
  /** event_id, or a content hash when the bridge sent none */
  key: string;
  /** kept from the actors by the per-player limit (decided in the append's transaction): journaled, never routed */
  held?: true;
}

/**
 * Decides, inside the append's transaction, which of its new events (duplicates already dropped) are held from
 * the actors; returns their keys. Whoever follows the journal then skips them, in any process.
 */
export type HoldDecision = (fresh: readonly JournaledEvent[]) => Promise<ReadonlySet<string>>;

export interface AppendOptions {
  /** marks new events `held`, stored with them (a failing `hold` appends nothing) */
  hold?: HoldDecision;
}

export interface Journal {
  /** Durable before it resolves. Duplicates (same key) are no-ops and are not returned as accepted. */
  append(events: GameEvent[], options?: AppendOptions): Promise<{ accepted: JournaledEvent[]; duplicates: number }>;
  /** Events after `seq`, in order. */
  after(seq: number, limit: number): Promise<JournaledEvent[]>;
  /** Everything up to this seq has reached the actors and their snapshots: a restart resumes after it. */
  markApplied(seq: number): Promise<void>;
  appliedUpTo(): Promise<number>;
}

/** An event a bridge sent that the gateway refused; its batch's valid events were journaled without it. */
export interface RefusedEvent {
  /** the event's batch key (`batchEventKeys`): a retried batch records its refused events once */
  key: string;
  /** position in the batch the bridge sent */
  index: number;
  /** as sent, when it was a string (an unknown type is refused too) */
  event_type: string | null;
  reason: string;
  /** the event exactly as it arrived */
  event: unknown;
  /** who sent it: the bridge principal (`bridge:<address>`, `service:<key prefix>`) */
  source: string;
  /** epoch ms */
  refusedAt: number;
}

/** Where refused events stay visible (admin API). Bounded: keeps the newest entries. */
export interface RefusedEventLog {
  /** Idempotent by key. Returns how many were new. */
  record(events: RefusedEvent[]): Promise<number>;
  /** Newest first. */
  recent(limit: number): Promise<(RefusedEvent & { id: number })[]>;
}

/** The bridge's latest capabilities handshake as every process of a world shares it. */
export interface StoredCapabilities {
  /** increases with every handshake: a process never goes back to an older one it hears of late */
  version: number;
  capabilities: Capabilities;
  /** epoch ms the handshake arrived at */
  receivedAt: number;
}

/** Where the handshake lives, so the world and every gateway apply the same one (and find it after a restart). */
export interface CapabilityStore {
  /** Replaces the handshake (validated by the caller); resolves once durable, with its new version. */
  save(capabilities: Capabilities, receivedAt: number): Promise<StoredCapabilities>;
  /** The latest handshake, or null when no bridge has sent one yet. */
  latest(): Promise<StoredCapabilities | null>;
}

/** A bridge action exactly as the contract spells it. */
export interface BridgeAction {
  action_id: string;
  action_type: string;
  target_map?: string;
  target_player_id?: number;
  priority?: number;
  payload?: Record<string, unknown>;
}

export interface OutboxEntry extends BridgeAction {
  /** outbox order, for resumable streams (SSE Last-Event-ID) */
  seq: number;
  status: 'pending' | 'leased' | 'completed' | 'failed';
  attempts: number;
  leaseUntil: number | null;
  /** what the bridge said when it completed or failed the action */
  resultMessage?: string | null;
  /** epoch ms the bridge's completion was recorded at */
  completedAt?: number | null;
}

/** Told about actions the moment they are durably enqueued, so a stream can wake instead of polling. */
export type OutboxListener = (entries: OutboxEntry[]) => void;

export interface ActionOutbox {
  /** Idempotent by action_id: re-enqueueing an existing id changes nothing. Returns the new entries. */
  enqueue(actions: BridgeAction[]): Promise<OutboxEntry[]>;
  /** Lease up to `limit` pending (or lease-expired) actions; they are not offered again until `now + leaseMs`. */
  lease(limit: number, leaseMs: number, now: number): Promise<OutboxEntry[]>;
  /** Idempotent. False when the id is unknown. */
  complete(actionId: string, status: 'completed' | 'failed', message: string | undefined, now: number): Promise<boolean>;
  /** Entries with seq > `seq`, oldest first, whatever their status (for streams resuming from an ack). */
  after(seq: number, limit: number): Promise<OutboxEntry[]>;
  get(actionId: string): Promise<OutboxEntry | null>;
  /**
   * In-process wake-up for streams: called after `enqueue` made new entries durable (never for duplicates).
   * Returns the function that removes the listener. A listener that throws is logged, not propagated.
   */
  onEnqueued?(listener: OutboxListener): () => void;
}

export interface AuditEntry {
  admin_user: string;
  action_type: string;
  action_data: unknown;
  ip_address: string | null;
  timestamp?: Date;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  recent(limit: number): Promise<(AuditEntry & { id: number; timestamp: Date })[]>;
}

export interface Cache {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  del(key: string): Promise<void>;
}

export interface PubSub {
  publish(channel: string, message: string): Promise<void>;
  /** Returns unsubscribe. */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
}

export interface RateLimitStore {
  /** Count one hit in a fixed window; `allowed` false once `limit` is passed. */
  hit(key: string, limit: number, windowMs: number, now: number): Promise<{ allowed: boolean; remaining: number; resetAt: number }>;
}
