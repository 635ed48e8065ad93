import { z } from '@hono/zod-openapi';

/** The event types the original rAthena bridge sends (bridge-contract.md). Others are accepted and logged. */
export const KNOWN_EVENT_TYPES = new Set([
  'player_login',
  'player_logout',
  'npc_interaction',
  'monster_kill',
  'mvp_kill',
  'daily_reset',
  'map_change',
  'item_drop',
  'quest_complete',
  'trade_complete',
  'custom',
]);

export const MAX_EVENTS_PER_BATCH = 50;

/**
 * One game event exactly as the contract spells it. Unknown fields are refused (a typo in a field name must
 * not silently drop data); `map` is optional and an empty map is treated as omitted, as the bridge means it.
 */
export const gameEventSchema = z
  .strictObject({
    event_id: z.string().min(1).max(200).optional().openapi({ description: "Midgard's own bridge sends one; the original does not" }),
    event_type: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,99}$/, 'event_type must be snake_case letters, digits and _')
      .openapi({ example: 'player_login' }),
    player_id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).openapi({ example: 150001, description: 'char_id' }),
    map: z
      .string()
      .max(100)
      .optional()
      .transform((m) => (m === '' ? undefined : m))
      .openapi({ example: 'prontera' }),
    timestamp: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).openapi({ example: 1732628400000, description: 'epoch ms' }),
    priority: z.enum(['low', 'normal', 'high', 'urgent']).default('normal'),
    payload: z.record(z.string(), z.unknown()).default({}).openapi({ example: { action: 'login' } }),
  })
  .openapi('GameEvent');

export const dispatchBodySchema = z
  .strictObject({ events: z.array(gameEventSchema).max(MAX_EVENTS_PER_BATCH) })
  .openapi('DispatchRequest');

export const dispatchResultSchema = z
  .object({
    accepted: z.number().int().openapi({ description: 'events journaled by this call' }),
    duplicates: z.number().int().openapi({ description: 'events already journaled before (no-ops)' }),
    throttled: z.number().int().openapi({ description: 'events over the per-player rate limit: journaled, but not handed to the actors' }),
  })
  .openapi('DispatchResult');

export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .openapi('Error');
