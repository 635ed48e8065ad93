import { z } from 'zod';
import { bridgeActionSchema, type ActionType } from '../contract/index.ts';
import type { BridgeAction, GameEvent } from '../persistence/types.ts';
import { log } from '../runtime/log.ts';

/**
 * The Midgard side of `@aiworld selftest` (bridge-native/rathena/src/map/aiworld_selftest.cpp). The GM's bridge
 * sends a `custom` event with `payload.kind = "selftest"`; Midgard answers at once with one action of every
 * contract type on the GM's map, ids `selftest:<run_id>:<action_type>`, which the bridge recognises, runs and
 * checks in game. It then reports a `custom` event `kind = "selftest_result"` with the pass/fail table.
 *
 * Everything the self-test emits carries `payload.selftest` (the run id): `isSelftestEvent` lets routing keep
 * those events out of the world (a test login or kill must not move it; a test `daily_reset` must not run a day).
 *
 * @example
 * // in the game-event path, before routing:
 * const answer = selftestActions(event);
 * if (answer) await outbox.enqueue(answer);
 * if (isSelftestEvent(event)) return; // the world does not hear it
 */

const requestSchema = z.looseObject({
  kind: z.literal('selftest'),
  run_id: z.string().regex(/^[0-9a-z]{1,12}$/),
  x: z.number().int().min(0).max(1023),
  y: z.number().int().min(0).max(1023),
  monster_id: z.number().int().positive(),
  item_id: z.number().int().positive(),
  flag: z.string().regex(/^[a-z0-9_]+$/),
  quest_id: z.number().int().positive().max(2_147_483_647),
});
export type SelftestRequest = z.infer<typeof requestSchema>;

/** True for the self-test's own events (request, result, and the one-of-each-type events it sends). */
export function isSelftestEvent(e: Pick<GameEvent, 'event_type' | 'payload'>): boolean {
  const p = e.payload ?? {};
  return typeof p.selftest === 'string' || (e.event_type === 'custom' && (p.kind === 'selftest' || p.kind === 'selftest_result'));
}

/** The request in a self-test event, or null when `e` is not one (or is malformed: the GM then sees no actions). */
export function selftestRequest(e: Pick<GameEvent, 'event_type' | 'payload' | 'player_id' | 'map'>): (SelftestRequest & { player_id: number; map: string }) | null {
  if (e.event_type !== 'custom' || e.payload?.kind !== 'selftest') return null;
  const parsed = requestSchema.safeParse(e.payload);
  if (!parsed.success || !e.map || e.player_id === undefined || !(e.player_id > 0)) return null;
  return { ...parsed.data, player_id: e.player_id, map: e.map };
}

/** Cells near the GM, kept on the map (the bridge checks bounds; a wall cell still takes an NPC). */
const near = (v: number, d: number) => Math.min(1023, Math.max(0, v + d));

/**
 * One action of every contract type for a self-test request, in the order the bridge must run them (the NPC is
 * spawned, moved, then removed). Null when `e` is not a self-test request. Every action is valid under the
 * contract (a test parses each with `bridgeActionSchema`).
 */
export function selftestActions(e: Pick<GameEvent, 'event_type' | 'payload' | 'player_id' | 'map'>): BridgeAction[] | null {
  const r = selftestRequest(e);
  if (!r) return null;
  const npc = `Selftest#${r.run_id}`;
  const payloads: Record<ActionType, Record<string, unknown>> = {
    spawn_monster: { map: r.map, x: 0, y: 0, monster_id: r.monster_id, amount: 1 },
    spawn_npc: { map: r.map, x: near(r.x, 1), y: near(r.y, 1), npc_name: npc, script: 'midgard_dynamic', data: { greeting: 'Self-test: all is well.' } },
    move_npc: { map: r.map, npc_name: npc, x: near(r.x, 2), y: near(r.y, 1) },
    set_map_flag: { map: r.map, flag: r.flag, value: true },
    update_economy: { prices: [{ item_id: r.item_id, price: 4242 }] },
    give_reward: { player_id: r.player_id, item_id: r.item_id, quantity: 1, zeny: 0, base_exp: 0, job_exp: 0, source: 'selftest', source_event: `selftest:${r.run_id}` },
    broadcast_message: { message: `aiworld selftest ${r.run_id}: this message is for you alone.` },
    create_quest: { quest_id: r.quest_id, state: 'open', title: `Self-test ${r.run_id}`, map: r.map, monster_id: r.monster_id, count: 1 },
    remove_npc: { map: r.map, npc_name: npc },
  };
  const order: ActionType[] = ['spawn_monster', 'spawn_npc', 'move_npc', 'set_map_flag', 'update_economy', 'give_reward', 'broadcast_message', 'create_quest', 'remove_npc'];
  return order.map((type, i) => {
    const personal = type === 'give_reward' || type === 'broadcast_message';
    const action = {
      action_id: `selftest:${r.run_id}:${type}`,
      action_type: type,
      priority: 10 - i, // the outbox may order by priority: the NPC must exist before it moves
      ...(personal ? { target_player_id: r.player_id } : { target_map: r.map }),
      payload: payloads[type],
    };
    return bridgeActionSchema.parse(action) as unknown as BridgeAction;
  });
}

const resultSchema = z.looseObject({
  kind: z.literal('selftest_result'),
  run_id: z.string(),
  passed: z.number().int().min(0),
  total: z.number().int().min(0),
  rows: z.array(z.looseObject({ check: z.string(), ok: z.boolean(), detail: z.string() })),
});
export type SelftestResult = z.infer<typeof resultSchema> & { player_id?: number; map?: string; timestamp: number };

/** The pass/fail table a bridge reported (for the dashboard), or null when `e` is not a self-test result. */
export function selftestResult(e: Pick<GameEvent, 'event_type' | 'payload' | 'player_id' | 'map' | 'timestamp'>): SelftestResult | null {
  if (e.event_type !== 'custom' || e.payload?.kind !== 'selftest_result') return null;
  const parsed = resultSchema.safeParse(e.payload);
  if (!parsed.success) return null;
  return { ...parsed.data, ...(e.player_id !== undefined ? { player_id: e.player_id } : {}), ...(e.map ? { map: e.map } : {}), timestamp: e.timestamp };
}

/**
 * The one call the game-event path needs: answers a self-test request through `enqueue` (the outbox; the ids are
 * fixed per run, so a replayed request enqueues nothing new) and says whether `e` is self-test traffic, which the
 * caller then keeps out of the world.
 *
 * @example
 * // app/createMidgard.ts, route(): before dispatchGameEvent
 * if (answerSelftest(event, (actions) => outbox.enqueue(actions))) { routedSeq = Math.max(routedSeq, event.seq); continue; }
 */
export function answerSelftest(e: Pick<GameEvent, 'event_type' | 'payload' | 'player_id' | 'map'>, enqueue: (actions: BridgeAction[]) => unknown): boolean {
  const actions = selftestActions(e);
  if (actions) {
    // the outbox is durable and idempotent by action_id; if it fails the GM's table shows every action missing
    Promise.resolve(enqueue(actions)).catch((err: unknown) => log.warn({ err, runId: e.payload?.run_id }, 'self-test answer not enqueued'));
  }
  return isSelftestEvent(e);
}
