import { sign } from 'hono/jwt';
import { createMachine } from 'xstate';
import { MemoryAuditLog, MemoryJournal, MemoryOutbox, MemoryRateLimitStore } from '../../persistence/memory/index.ts';
import type { JournaledEvent } from '../../persistence/types.ts';
import { createGateway, type GatewayApp } from '../app.ts';
import { defaultSettings, type GatewayConfig } from '../config.ts';
import type { GatewayDeps, Role } from '../types.ts';
import { RecordingWorld } from './RecordingWorld.ts';

export const TEST_SECRET = 'test-secret-that-is-long-enough';
export const BRIDGE_KEY = 'bridge-key-1';
export const ADMIN_SERVICE_KEY = 'service-key-1';

export const npcMachine = createMachine({
  id: 'npc',
  initial: 'idle',
  states: { idle: { on: { wake: 'working' } }, working: { on: { rest: 'idle' } } },
});

export interface Harness {
  app: GatewayApp;
  deps: GatewayDeps;
  world: RecordingWorld;
  journal: MemoryJournal;
  outbox: MemoryOutbox;
  audit: MemoryAuditLog;
  /** the journaled events a world would route (those the per-player limit held are left out) */
  journaled: JournaledEvent[];
  clock: { now: number };
}

type AuditRow = Awaited<ReturnType<MemoryAuditLog['recent']>>[number];
/** The audit entries by outcome (`accepted`, `refused`, `failed`), oldest first, with the outcome taken out of the data. */
export async function auditBy(h: Pick<Harness, 'audit'>, result: 'accepted' | 'refused' | 'failed'): Promise<(AuditRow & { outcome: Record<string, unknown> })[]> {
  return (await h.audit.recent(10_000))
    .reverse()
    .filter((e) => (e.action_data as { outcome?: { result?: string } } | null)?.outcome?.result === result)
    .map((e) => {
      const { outcome, ...data } = e.action_data as { outcome: Record<string, unknown> };
      return { ...e, action_data: data, outcome };
    });
}

/** A gateway over in-memory stores and a recording runtime double; every piece is inspectable. */
export function makeHarness(overrides: Partial<GatewayConfig> = {}, deps: Partial<GatewayDeps> = {}): Harness {
  const world = new RecordingWorld();
  const journal = new MemoryJournal();
  const outbox = new MemoryOutbox();
  const audit = new MemoryAuditLog();
  const journaled: JournaledEvent[] = [];
  const clock = { now: 1_800_000_000_000 };
  const config: GatewayConfig = {
    port: 0, hostname: '127.0.0.1', apiKeys: [BRIDGE_KEY], adminApiKeys: [ADMIN_SERVICE_KEY], trustedBridges: [],
    jwtSecret: TEST_SECRET, settings: defaultSettings(), uiDir: '/nonexistent-ui', ...overrides,
  };
  const full: GatewayDeps = {
    runtime: world, journal, outbox, audit, rateLimits: new MemoryRateLimitStore(),
    onEventsJournaled: (accepted) => journaled.push(...accepted.filter((e) => !e.held)),
    config, now: () => clock.now,
    logicOf: (kind) => (kind === 'npc' ? npcMachine : undefined),
    ...deps,
  };
  return { app: createGateway(full), deps: full, world, journal, outbox, audit, journaled, clock };
}

/** A bearer token for `role` (expires in an hour). */
export async function tokenFor(role: Role, sub = `${role}-user`): Promise<string> {
  return sign({ sub, role, exp: Math.floor(Date.now() / 1000) + 3600 }, TEST_SECRET, 'HS256');
}

export const bridgeHeaders = { 'content-type': 'application/json', 'x-api-key': BRIDGE_KEY };

export function loginEvent(playerId: number, extra: Record<string, unknown> = {}) {
  return { event_type: 'player_login', player_id: playerId, map: 'prontera', timestamp: 1732628400000 + playerId, priority: 'normal', payload: { action: 'login' }, ...extra };
}
