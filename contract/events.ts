import { z } from 'zod';

/**
 * Every game event rAthena sends Midgard — declared once. Gateway validation, the OpenAPI enum, routing's
 * exhaustiveness check, `aiworld.txt`'s emits (checked by a test) and the docs derive from this table.
 *
 * Payloads are loose objects: the known keys are typed (a wrong type is refused), extra keys pass through, because
 * server owners add their own fields to `aiworld_emit`. `player_id` is the char id; a server event (no player)
 * has none: the original bridge omits it when it is 0, and Midgard keeps it absent everywhere (a `player_id: 0`
 * on the wire is read as absent, see {@link parseGameEvent}).
 */

const int = z.number().int();
const id = int.positive().max(2_147_483_647);
/** rAthena map names are at most 15 characters; an empty one (a first login's "from") says "none". */
const mapName = z.string().max(15);
/** The unique name `Shown#hidden` a script reads with strnpcinfo(3); generous, so no real click is refused. */
const npcName = z.string().min(1).max(50);

export const EVENT_TYPES = {
  player_login: { meaning: 'A character entered the game.', needsPlayer: true, payload: z.looseObject({ name: z.string().max(24).optional(), base_level: int.min(1).optional(), job_level: int.min(1).optional(), job: int.min(0).optional() }) },
  player_logout: { meaning: 'A character left the game.', needsPlayer: true, payload: z.looseObject({}) },
  npc_interaction: {
    meaning: 'A player clicked an NPC: a server NPC by `npc_id` (the original bridge), or one Midgard spawned by its `npc_name`.',
    needsPlayer: true,
    payload: z.looseObject({ npc_id: int.min(0).optional(), npc_name: npcName.optional(), template: z.string().max(50).optional() }).refine((p) => p.npc_id !== undefined || p.npc_name !== undefined, 'npc_interaction needs npc_id or npc_name'),
  },
  monster_kill: { meaning: 'A player killed an ordinary monster.', needsPlayer: true, payload: z.looseObject({ monster_id: id }) },
  mvp_kill: { meaning: 'A player killed an MVP (boss).', needsPlayer: true, payload: z.looseObject({ mvp_id: id }) },
  daily_reset: { meaning: "The server's day rolled over: runs the day's pipeline slots that have not run yet.", needsPlayer: false, payload: z.looseObject({}) },
  map_change: { meaning: 'A player moved from one map to another.', needsPlayer: true, payload: z.looseObject({ from_map: mapName.optional(), to_map: mapName.optional() }) },
  item_drop: { meaning: 'A monster dropped an item.', needsPlayer: false, payload: z.looseObject({ item_id: id.optional(), monster_id: id.optional(), amount: int.min(1).optional() }) },
  quest_complete: { meaning: 'A player completed a quest.', needsPlayer: true, payload: z.looseObject({ quest_id: id }) },
  trade_complete: { meaning: 'A trade between players (or a shop sale) went through.', needsPlayer: false, payload: z.looseObject({ item_id: id.optional(), price: int.min(0).optional(), quantity: int.min(1).optional() }) },
  custom: { meaning: "Anything else a server's scripts report, named by `payload.kind` (pvp_kill, base_level_up, …).", needsPlayer: false, payload: z.looseObject({ kind: z.string().min(1).max(64).optional() }) },
} as const;

export type EventType = keyof typeof EVENT_TYPES;
export const eventTypes = Object.keys(EVENT_TYPES) as EventType[];
export const isEventType = (type: unknown): type is EventType => typeof type === 'string' && Object.hasOwn(EVENT_TYPES, type);

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type EventPriority = (typeof PRIORITIES)[number];
/** The original bridge flushes at 50 events; a longer batch is not from a bridge and is refused whole. */
export const MAX_EVENTS_PER_BATCH = 50;

/**
 * The envelope every event shares, exactly as the bridges send it (unknown envelope fields are refused). The
 * original's field order is `event_type, map, payload, player_id, priority, timestamp`; order carries no meaning.
 */
export const eventEnvelopeSchema = z.strictObject({
  event_id: z.string().min(1).max(200).optional(),
  event_type: z.enum(eventTypes as [EventType, ...EventType[]]),
  /** char id; absent (or 0, as the original means it) for a server event */
  player_id: int.min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  /** absent or empty for events that happen nowhere in particular */
  map: z.string().max(100).optional(),
  /** epoch ms */
  timestamp: int.min(0).max(Number.MAX_SAFE_INTEGER),
  priority: z.enum(PRIORITIES).default('normal'),
  payload: z.record(z.string(), z.unknown()).default({}),
});

/** The envelope, then the payload and the player its type needs (one schema, so the docs show one object). */
export const gameEventSchema = eventEnvelopeSchema.superRefine((e, ctx) => {
  const spec = EVENT_TYPES[e.event_type];
  if (spec.needsPlayer && !e.player_id) ctx.addIssue({ code: 'custom', path: ['player_id'], message: `${e.event_type} needs a player_id (char id > 0)` });
  const payload = spec.payload.safeParse(e.payload);
  if (!payload.success) for (const issue of payload.error.issues) ctx.addIssue({ ...issue, code: 'custom', path: ['payload', ...issue.path] });
});

/** One event as Midgard keeps it: `player_id` and `map` present only when they say something. */
export interface ContractEvent {
  event_id?: string;
  event_type: EventType;
  player_id?: number;
  map?: string;
  timestamp: number;
  priority: EventPriority;
  payload: Record<string, unknown>;
}

export type ParsedEvent = { ok: true; event: ContractEvent } | { ok: false; event_type: string | null; reason: string };

/**
 * Check one event as a bridge sent it. A refusal names the event type (when it has one) and the first problems,
 * so one bad event can be reported and the rest of its batch kept.
 *
 * @example
 * parseGameEvent({ event_type: 'daily_reset', timestamp: 1732665600000, priority: 'normal', payload: {} }); // ok, no player
 * parseGameEvent({ event_type: 'monster_kill', timestamp: 1, payload: {} }); // { ok: false, reason: 'player_id: …' }
 */
export function parseGameEvent(raw: unknown): ParsedEvent {
  const eventType = typeof (raw as { event_type?: unknown })?.event_type === 'string' ? (raw as { event_type: string }).event_type.slice(0, 100) : null;
  if (eventType !== null && !isEventType(eventType)) return { ok: false, event_type: eventType, reason: `unknown event_type '${eventType}' (known: ${eventTypes.join(', ')})` };
  const parsed = gameEventSchema.safeParse(raw);
  if (!parsed.success) {
    const reason = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.map(String).join('.') || '(event)'}: ${i.message}`)
      .join('; ');
    return { ok: false, event_type: eventType, reason };
  }
  const { player_id, map, event_id, ...rest } = parsed.data;
  const event: ContractEvent = { ...rest };
  if (event_id !== undefined) event.event_id = event_id;
  if (player_id) event.player_id = player_id;
  if (map) event.map = map;
  return { ok: true, event };
}
