import type { AnyActorLogic } from 'xstate';
import type { ActionGate } from '../actors/effects/ActionGate.ts';
import type { DeadLetter, WorldControl } from '../runtime/control.ts';
import type {
  ActionOutbox,
  AuditLog,
  CapabilityStore,
  Journal,
  JournaledEvent,
  PubSub,
  RateLimitStore,
  RefusedEventLog,
} from '../persistence/types.ts';
import type { GatewayConfig } from './config.ts';
import type { ForkService } from '../fork/ForkService.ts';
import type { WakeSource } from '../persistence/pg/wakeups.ts';

/** What the gateway needs from the rest of Midgard; the app wiring (cli/start) builds it. */
export interface GatewayDeps {
  runtime: WorldControl;
  journal: Journal;
  outbox: ActionOutbox;
  audit: AuditLog;
  rateLimits: RateLimitStore;
  pubsub?: PubSub;
  /** where refused bridge events stay visible (`refused_events`); absent: a bounded in-memory log */
  refusedEvents?: RefusedEventLog;
  /**
   * Called after each durable append with its new events, in seq order; those the per-player limit keeps from the
   * actors are marked `held` (route only the others). A gateway node with no world in the process does nothing
   * here: the world elsewhere follows the journal (app/JournalFollower.ts).
   */
  onEventsJournaled(events: JournaledEvent[]): void;
  config: GatewayConfig;
  /** database reachable? (`/ready`); absent means "no database to wait for" */
  ready?: () => Promise<boolean>;
  /** is the runtime ticking? (`/ready`); absent means the runtime answering `clock()` is enough */
  running?: () => boolean;
  /** the XState logic of an actor kind, for machine diagrams */
  logicOf?: (kind: string) => AnyActorLogic | undefined;
  /** what the game server can run and the actions refused for it (gateway/capabilities); default: its own */
  actionGate?: ActionGate;
  /** where the bridge's capabilities handshake is stored for every process of the world; default: in memory */
  capabilities?: CapabilityStore;
  /** an actor's display name (NPCs), shown in lists and searched by `q`; absent: ids only */
  actorName?: (id: string) => string | undefined;
  /** the dead letters to list (the wiring adds those restored from the last checkpoint); default `runtime.deadLetters()` */
  deadLetters?: () => DeadLetter[];
  /** GDPR export for `GET /api/v1/admin/players/:id/export` (absent: the route answers 501) */
  players?: { exportPlayer(playerId: number): Promise<{ player_id: number; exported_at: string; tables: Record<string, unknown[]> }> };
  /** what-if forks of this world (gateway/admin/forks; absent: those routes answer 501) */
  forks?: ForkService;
  /**
   * `gateway` when this process runs no world (a stateless gateway: `runtime` answers 503 naming the role, /ready
   * does not wait for a runtime); default `all`. Shown by /health and /ready.
   */
  role?: 'all' | 'gateway';
  /** wakes action streams when another process enqueued (Postgres LISTEN, persistence/pg/wakeups.ts) */
  outboxWake?: WakeSource;
  /** how often action streams re-check the outbox anyway (expired leases, a lost wake-up); default ActionPump's */
  actionSweepMs?: number;
  /** wall clock for leases and rate-limit windows (tests pass their own) */
  now?: () => number;
}

export const ROLES = ['player', 'gm', 'admin', 'superadmin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as the auth middleware established it. */
export interface Principal {
  /** `bridge` for the game server, `admin` for people and services using the admin API */
  kind: 'bridge' | 'admin';
  /** the JWT subject, `service:<key prefix>` or `bridge:<address>` */
  sub: string;
  role: Role | null;
  via: 'api-key' | 'trusted-address' | 'jwt';
}

export interface GatewayEnv {
  Variables: {
    principal: Principal;
    clientAddress: string | null;
    /** set by an admin handler's `audit(...)`: what it recorded as accepted (gateway/admin/audit.ts) */
    audited?: { actionType: string; actionData: unknown };
  };
}

/** True when `role` is at least `needed` in player < gm < admin < superadmin. */
export const roleAtLeast = (role: Role | null, needed: Role): boolean =>
  role !== null && ROLES.indexOf(role) >= ROLES.indexOf(needed);
