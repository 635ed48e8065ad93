import { Counter } from 'prom-client';
import { registry } from '../../runtime/metrics.ts';
import type { SelftestResult } from '../selftest.ts';
import type { StoredCapabilities } from '../../persistence/types.ts';
import { DEFAULT_CAPABILITIES, capabilitiesSchema, checkAction, type Capabilities, type CheckResult, type CheckRule } from '../../contract/capabilities.ts';

/** Actions refused because the game could not run them, by action type and rule. */
export const actionsRefused = new Counter({
  name: 'midgard_actions_refused_total',
  help: "Game actions refused before the outbox because the game server's capabilities (or the contract) cannot run them, by action type and rule",
  labelNames: ['action_type', 'rule'] as const,
  registers: [registry],
});

/** How many refused spawns the gate remembers (a visitor or chest lives a day at most; this is days of them). */
const REFUSED_SPAWNS_KEPT = 10_000;
const SELFTESTS_KEPT = 10;

export interface RefusedAction {
  at: number;
  action_id: string;
  action_type: string;
  /** the emitting actor */
  actor: string;
  rule: CheckRule;
  reason: string;
  action: unknown;
}

export interface CapabilityState {
  /** `default` until a bridge sends its handshake */
  source: 'default' | 'handshake';
  /** the version of the stored handshake last adopted (`adopt`); 0 before any */
  version: number;
  receivedAt: number | null;
  capabilities: Capabilities;
}

/**
 * What the connected game server can run, and the actions refused because it could not. The latest handshake
 * replaces the capabilities: a bridge sends it each time it starts or reconnects, the gateway stores it
 * (`CapabilityStore`) and every process of the world `adopt`s the stored one — at start, and on the wake-up a
 * new one sends — so the world decides with what the bridge told any gateway node. Until the first handshake
 * `DEFAULT_CAPABILITIES` applies. Refusals are counted in a metric and the last `keep` are listed for the admin
 * API and the dashboard.
 *
 * @example
 * const gate = new ActionGate();
 * gate.check({ action_id: 'a-1', action_type: 'broadcast_message', payload: { message: 'hi' } }, 'weather:main', Date.now());
 */
export class ActionGate {
  private state: CapabilityState = { source: 'default', version: 0, receivedAt: null, capabilities: DEFAULT_CAPABILITIES };
  private readonly recent: RefusedAction[] = [];
  private readonly counts = new Map<string, number>();
  /** names of NPCs whose spawn was refused, oldest first (bounded) */
  private readonly refusedSpawns = new Set<string>();
  private readonly selftestResults: SelftestResult[] = [];
  readonly keep: number;

  constructor(options: { keep?: number } = {}) {
    this.keep = options.keep ?? 200;
  }

  get current(): CapabilityState {
    return this.state;
  }

  /**
   * Replace the capabilities with a handshake given straight to this gate (tests, a world of one process without
   * a store); a malformed one throws (a zod error) and changes nothing.
   */
  handshake(caps: unknown, now: number): CapabilityState {
    const capabilities = capabilitiesSchema.parse(caps);
    this.state = { source: 'handshake', version: this.state.version, receivedAt: now, capabilities };
    return this.state;
  }

  /**
   * Take a stored handshake unless a newer one is in force already (this process may hear of two out of order:
   * its own save, another node's wake-up). Parsed again, since a row stored by an older version of Midgard may
   * not fit today's contract: then it throws and changes nothing.
   */
  adopt(stored: StoredCapabilities): CapabilityState {
    if (stored.version <= this.state.version) return this.state;
    const capabilities = capabilitiesSchema.parse(stored.capabilities);
    this.state = { source: 'handshake', version: stored.version, receivedAt: stored.receivedAt, capabilities };
    return this.state;
  }

  /** Back to the default set (tests, or a bridge that says it lost its own). */
  reset(): void {
    this.state = { source: 'default', version: 0, receivedAt: null, capabilities: DEFAULT_CAPABILITIES };
  }

  check(action: { action_id: string; action_type?: unknown; payload?: unknown }, actor: string, now: number): CheckResult {
    const result = this.followsRefusedSpawn(action) ?? checkAction(action, this.state.capabilities);
    this.rememberSpawn(action, result.ok);
    if (!result.ok) {
      const type = typeof action.action_type === 'string' ? action.action_type.slice(0, 40) : 'unknown';
      actionsRefused.inc({ action_type: type, rule: result.rule });
      const key = `${type}\u0001${result.rule}`;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      this.recent.push({ at: now, action_id: action.action_id, action_type: type, actor, rule: result.rule, reason: result.reason, action });
      if (this.recent.length > this.keep) this.recent.splice(0, this.recent.length - this.keep);
    }
    return result;
  }

  /**
   * An NPC whose spawn was refused never reached the game, but the agent that asked still believes in it: its
   * later move or removal would only fail in game ("npc … was not spawned"), so it is refused here too.
   */
  private followsRefusedSpawn(action: { action_type?: unknown; payload?: unknown }): CheckResult | null {
    if (action.action_type !== 'move_npc' && action.action_type !== 'remove_npc') return null;
    const name = (action.payload as { npc_name?: unknown } | undefined)?.npc_name;
    if (typeof name !== 'string' || !this.refusedSpawns.has(name)) return null;
    if (action.action_type === 'remove_npc') this.refusedSpawns.delete(name);
    return { ok: false, rule: 'npc_not_spawned', reason: `npc '${name}' was never spawned: its spawn_npc was refused` };
  }

  private rememberSpawn(action: { action_type?: unknown; payload?: unknown }, ok: boolean): void {
    if (action.action_type !== 'spawn_npc') return;
    const name = (action.payload as { npc_name?: unknown } | undefined)?.npc_name;
    if (typeof name !== 'string') return;
    if (ok) this.refusedSpawns.delete(name);
    else this.refusedSpawns.add(name);
    if (this.refusedSpawns.size > REFUSED_SPAWNS_KEPT) this.refusedSpawns.delete(this.refusedSpawns.values().next().value!);
  }

  /** A bridge's `@aiworld selftest` table (actors/selftest.ts): the game's own word on what runs; the last few kept. */
  recordSelftest(result: SelftestResult): void {
    this.selftestResults.push(result);
    if (this.selftestResults.length > SELFTESTS_KEPT) this.selftestResults.shift();
  }

  /** The latest self-test tables, newest first. */
  selftests(): SelftestResult[] {
    return [...this.selftestResults].reverse();
  }

  /** The latest refusals, newest first. */
  refused(limit = this.keep): RefusedAction[] {
    return this.recent.slice(-limit).reverse();
  }

  /** Refusals since start, by action type and rule. */
  refusedCounts(): { action_type: string; rule: string; count: number }[] {
    return [...this.counts].map(([k, count]) => {
      const [action_type, rule] = k.split('\u0001') as [string, string];
      return { action_type, rule, count };
    });
  }
}
