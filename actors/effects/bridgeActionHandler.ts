import { Counter } from 'prom-client';
import { registry } from '../../runtime/metrics.ts';
import { log } from '../../runtime/log.ts';
import type { EffectHandler } from '../../runtime/control.ts';
import type { BridgeAction } from '../../persistence/types.ts';
import { createAntiCheat, type ProposedAction, type Verdict } from '../anticheat/index.ts';
import { ActionGate } from './ActionGate.ts';

/** Rejected actions by type and rule (why). */
export const anticheatRejections = new Counter({
  name: 'midgard_anticheat_rejections_total',
  help: 'Game actions refused by the anti-cheat check before leaving Midgard, by action type and rule',
  labelNames: ['action_type', 'rule'] as const,
  registers: [registry],
});

export interface BridgeActionHandlerOptions {
  /** make the action durable (the action outbox); may be async */
  enqueue(action: BridgeAction): void | Promise<void>;
  onReject?(action: ProposedAction & { action_id: string }, verdict: Extract<Verdict, { ok: false }>): void;
  validate?: (action: ProposedAction) => Verdict;
  /** what the game server can run (default: a gate on the default capabilities) */
  gate?: ActionGate;
}

/**
 * Handler for `bridge.action` effects: gives the action its id (the effect's deterministic id, so a replay
 * after a crash produces the same id and the outbox drops the duplicate), checks it against the contract and the
 * game server's capabilities (refused: counted and listed by the gate, never sent to fail), then against the
 * anti-cheat's game rules, then enqueues it.
 *
 * @example
 * runtime.onEffect('bridge.action', bridgeActionHandler({ enqueue: (a) => outbox.enqueue([a]) }));
 */
export function bridgeActionHandler(options: BridgeActionHandlerOptions): EffectHandler {
  const validate = options.validate ?? createAntiCheat();
  const gate = options.gate ?? new ActionGate();
  return function handleBridgeAction(effect, ctx) {
    const proposed = (effect.action ?? {}) as ProposedAction;
    const action = { ...proposed, action_id: ctx.id } as ProposedAction & { action_id: string };
    const runnable = gate.check(action, ctx.actorId, ctx.now);
    if (!runnable.ok) {
      log.warn({ actorId: ctx.actorId, actionId: ctx.id, actionType: proposed.action_type, rule: runnable.rule, reason: runnable.reason }, 'game action refused: the game cannot run it');
      options.onReject?.(action, { ok: false, rejected: true, rule: runnable.rule, reason: runnable.reason });
      return;
    }
    const verdict = validate(proposed);
    if (!verdict.ok) {
      anticheatRejections.inc({ action_type: String(proposed.action_type), rule: verdict.rule });
      log.warn({ actorId: ctx.actorId, actionId: ctx.id, actionType: proposed.action_type, rule: verdict.rule, reason: verdict.reason }, 'game action rejected');
      options.onReject?.(action, verdict);
      return;
    }
    return options.enqueue(action as BridgeAction);
  };
}
