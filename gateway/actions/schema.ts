import { z } from '@hono/zod-openapi';
import type { BridgeAction } from '../../persistence/types.ts';
import { ACTION_TYPES, actionTargetSchema, actionTypes, type ActionType } from '../../contract/actions.ts';

/**
 * One action per type, each with the contract's payload schema (`contract/actions.ts`), so `/openapi.json` lists
 * the `action_type` enum and every payload the bridge must parse — derived, never spelled here.
 */
const actionOf = (type: ActionType) =>
  actionTargetSchema
    .extend({
      action_id: z.string().min(1).max(200).openapi({ example: 'a-123' }),
      action_type: z.literal(type).openapi({ description: ACTION_TYPES[type].meaning }),
      payload: ACTION_TYPES[type].payload,
    })
    .openapi(`BridgeAction_${type}`);

export const bridgeActionSchema = z
  .discriminatedUnion('action_type', actionTypes.map(actionOf) as unknown as [ReturnType<typeof actionOf>, ...ReturnType<typeof actionOf>[]])
  .openapi('BridgeAction', { example: { action_id: 'a-123', action_type: 'spawn_monster', target_map: 'prontera', target_player_id: 150001, priority: 1, payload: { map: 'prontera', x: 150, y: 180, monster_id: 1002, amount: 3 } } });

/** The action types, as the OpenAPI enum. */
export const actionTypeSchema = z.enum(actionTypes as [ActionType, ...ActionType[]]).openapi('ActionType');

export const pendingQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).optional().openapi({ description: 'at most this many (default: the configured batch)' }),
});

// typed as the stored action (rows written before a contract change are still offered); documented as the contract's
export const pendingResultSchema = z.object({ actions: z.array(bridgeActionSchema as unknown as z.ZodType<BridgeAction>) }).openapi('PendingActions');

export const completeBodySchema = z
  .strictObject({
    action_id: z.string().min(1).max(200).openapi({ example: 'a-123' }),
    status: z.enum(['completed', 'failed']),
    message: z.string().max(2000).optional().openapi({ example: 'spawned 3' }),
    timestamp: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().openapi({ example: 1732628401000 }),
  })
  .openapi('CompleteAction');

export const completeResultSchema = z.object({ ok: z.literal(true), action_id: z.string(), status: z.string() }).openapi('CompleteResult');
