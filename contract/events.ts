import { z } from 'zod';

/**
 * Every game event rAthena sends Midgard — declared once. Gateway validation, the OpenAPI enum, routing's
 * exhaustiveness check, `aiworld.txt`'s emits (checked by a test) and the docs derive from this table.
 *
 * Payloads are loose objects: the known keys are typed (a wrong type is refused), extra keys pass through, because
 * server owners add their own fields to `aiworld_emit`. `player_id` is the char id; a server event (no player)
 * omits it, as the original bridge does when it is 0.
 */

const int = z.number().int();
const id = int.positive().max(2_147_483_647);
const mapName = z.string().min(1).max(15);

export const EVENT_TYPES = {
  player_login: { meaning: 'A character entered the game.', needsPlayer: true, payload: z.looseObject({ name: z.string().max(24).optional(), base_level: int.min(1).optional(), job_level: int.min(1).optional(), job: int.min(0).optional() }) },
  player_logout: { meaning: 'A character left the game.', needsPlayer: true, payload: z.looseObject({}) },
  npc_interaction: {
    meaning: 'A player clicked an NPC: a server NPC by `npc_id`, or one Midgard spawned by its `npc_name`.',
    needsPlayer: true,
    payload: z.looseObject({ npc_id: int.min(0).optional(), npc_name: z.string().min(1).max(24).optional(), template: z.string().max(24).optional() }).refine((p) => p.npc_id !== undefined || p.npc_name !== undefined, 'npc_interaction needs npc_id or npc_name'),
  },
  monster_kill: { meaning: 'A player killed an ordinary monster.', needsPlayer: true, payload: z.looseObject({ monster_id: id }) },
  mvp_kill: { meaning: 'A player killed an MVP (boss).', needsPlayer: true, payload: z.looseObject({ mvp_id: id }) },
  daily_reset: { meaning: "The server's day rolled over: runs the daily pipeline.", needsPlayer: false, payload: z.looseObject({}) },
  map_change: { meaning: 'A player moved from one map to another.', needsPlayer: true, payload: z.looseObject({ from_map: mapName.optional(), to_map: mapName.optional() }) },
  item_drop: { meaning: 'A monster dropped an item.', needsPlayer: false, payload: z.looseObject({ item_id: id.optional(), monster_id: id.optional(), amount: int.min(1).optional() }) },
  quest_complete: { meaning: 'A player completed a quest.', needsPlayer: true, payload: z.looseObject({ quest_id: id }) },
  trade_complete: { meaning: 'A trade between players (or a shop sale) went through.', needsPlayer: false, payload: z.looseObject({ item_id: id.optional(), price: int.min(0).optional(), quantity: int.min(1).optional() }) },
  custom: { meaning: "Anything else a server's scripts report, named by `payload.kind` (pvp_kill, base_level_up, …).", needsPlayer: false, payload: z.looseObject({ kind: z.string().min(1).max(64).optional() }) },
} as const;

export type EventType = keyof typeof EVENT_TYPES;
export const eventTypes = Object.keys(EVENT_TYPES) as EventType[];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const MAX_EVENTS_PER_BATCH = 50;

/** The envelope every event shares, exactly as the bridges send it (unknown envelope fields are refused). */
export const eventEnvelopeSchema = z.strictObject({
  event_id: z.string().min(1).max(200).optional(),
  event_type: z.enum(eventTypes as [EventType, ...EventType[]]),
  player_id: int.min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  map: z.string().max(100).optional(),
  timestamp: int.min(0).max(Number.MAX_SAFE_INTEGER),
  priority: z.enum(PRIORITIES).default('normal'),
  payload: z.record(z.string(), z.unknown()).default({}),
});
