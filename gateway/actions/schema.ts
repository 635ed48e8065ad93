import { z } from '@hono/zod-openapi';

export const bridgeActionSchema = z
  .object({
    action_id: z.string().openapi({ example: 'a-123' }),
    action_type: z.string().openapi({ example: 'spawn_monster' }),
    target_map: z.string().optional().openapi({ example: 'prontera' }),
    target_player_id: z.number().int().optional().openapi({ example: 150001 }),
    priority: z.number().int().optional().openapi({ example: 1 }),
    payload: z.record(z.string(), z.unknown()).optional().openapi({ example: { map: 'prontera', x: 150, y: 180, monster_id: 1002, amount: 3 } }),
  })
  .openapi('BridgeAction');

export const pendingQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).optional().openapi({ description: 'at most this many (default: the configured batch)' }),
});

export const pendingResultSchema = z.object({ actions: z.array(bridgeActionSchema) }).openapi('PendingActions');

export const completeBodySchema = z
  .strictObject({
    action_id: z.string().min(1).max(200).openapi({ example: 'a-123' }),
    status: z.enum(['completed', 'failed']),
    message: z.string().max(2000).optional().openapi({ example: 'spawned 3' }),
    timestamp: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().openapi({ example: 1732628401000 }),
  })
  .openapi('CompleteAction');

export const completeResultSchema = z.object({ ok: z.literal(true), action_id: z.string(), status: z.string() }).openapi('CompleteResult');
