import { isIP } from 'node:net';
import { z } from 'zod';
import { PRIORITIES, eventEnvelopeSchema } from '../contract/events.ts';
import { bridgeActionSchema } from '../contract/actions.ts';
import type { AuditEntry, BridgeAction, GameEvent, RefusedEvent } from './types.ts';

/**
 * The storage edge checks what it is asked to keep: a malformed event or action is refused with a message that
 * names the offending index and field, and nothing in the batch is written.
 */

/** What the journal keeps: the contract's envelope with a known event type, `player_id` absent or a char id. */
const gameEventSchema = z.object(eventEnvelopeSchema.shape).extend({
  key: z.string().min(1).max(300).optional(),
  player_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  priority: z.enum(PRIORITIES),
  payload: z.record(z.string(), z.unknown()),
});


export class InvalidRecordError extends Error {
  override name = 'InvalidRecordError';
}

function check<T>(schema: z.ZodType<T>, items: unknown, what: string): T[] {
  if (!Array.isArray(items)) throw new InvalidRecordError(`${what}s must be an array`);
  return items.map((item, index) => {
    const parsed = schema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new InvalidRecordError(`${what} #${index}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    return item as T;
  });
}

/**
 * @example
 * assertGameEvents([{ event_type: 'monster_kill', player_id: -1, ... }]); // throws "event #0: player_id: Too small…"
 */
export function assertGameEvents(events: unknown): GameEvent[] {
  return check(gameEventSchema as z.ZodType<GameEvent>, events, 'event');
}

const refusedEventSchema = z.object({
  key: z.string().min(1).max(300),
  index: z.number().int().min(0),
  event_type: z.string().max(100).nullable(),
  reason: z.string().min(1).max(2000),
  event: z.unknown(),
  source: z.string().min(1).max(200),
  refusedAt: z.number().int().nonnegative(),
});

/** Shared by the memory and Postgres refused-event logs. */
export function assertRefusedEvents(events: unknown): RefusedEvent[] {
  return check(refusedEventSchema as z.ZodType<RefusedEvent>, events, 'refused event');
}

/**
 * Actions are checked against the bridge contract (`contract/actions.ts`): storage refuses an action the game
 * could not parse, so nothing unrunnable waits in the outbox.
 *
 * @example assertBridgeActions([{ action_id: 'a-1', action_type: 'broadcast_message', payload: { message: 'hi' } }]);
 */
export function assertBridgeActions(actions: unknown): BridgeAction[] {
  return check(bridgeActionSchema as unknown as z.ZodType<BridgeAction>, actions, 'action');
}

export function assertSafeInteger(value: unknown, what: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new InvalidRecordError(`${what} must be an integer ≥ ${min}, got ${String(value)}`);
  }
  return value;
}

/** Shared by the memory and Postgres outboxes: the same completions are refused by both. */
export function assertCompletion(actionId: unknown, status: unknown, now: unknown): void {
  if (status !== 'completed' && status !== 'failed') {
    throw new InvalidRecordError(`status must be 'completed' or 'failed', got ${String(status)}`);
  }
  if (typeof actionId !== 'string') throw new InvalidRecordError('action_id must be a string');
  assertSafeInteger(now, 'now');
}

/** Shared by the memory and Postgres logs: the same entries are refused by both. */
export function assertAuditEntry(entry: AuditEntry): void {
  if (typeof entry?.admin_user !== 'string' || entry.admin_user.length === 0) {
    throw new InvalidRecordError('audit entry: admin_user must be a non-empty string');
  }
  if (typeof entry.action_type !== 'string' || entry.action_type.length === 0) {
    throw new InvalidRecordError('audit entry: action_type must be a non-empty string');
  }
  if (entry.ip_address != null && (typeof entry.ip_address !== 'string' || isIP(entry.ip_address) === 0)) {
    throw new InvalidRecordError(`audit entry: ip_address is not an IPv4/IPv6 address: ${String(entry.ip_address)}`);
  }
  if (entry.timestamp !== undefined && !(entry.timestamp instanceof Date && !Number.isNaN(entry.timestamp.getTime()))) {
    throw new InvalidRecordError('audit entry: timestamp must be a valid Date');
  }
}
