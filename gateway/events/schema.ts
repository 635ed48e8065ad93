import { z } from '@hono/zod-openapi';
import { EVENT_TYPES, MAX_EVENTS_PER_BATCH, eventEnvelopeSchema, eventTypes } from '../../contract/events.ts';

/**
 * The dispatch route's documents, derived from contract/events.ts (types, enum, envelope). The route checks each
 * event on its own with the same schema (`parseGameEvent`), so one bad event is refused and listed while the rest
 * of its batch is journaled; only a body that is not `{"events":[…]}` at all is refused whole.
 */
// rebuilt from the contract's shape: `.openapi()` exists only on schemas made after @hono/zod-openapi loaded
export const gameEventDocSchema = z.strictObject(eventEnvelopeSchema.shape).openapi('GameEvent', {
  description: `One game event. event_type: ${eventTypes.map((t) => `\`${t}\` ${EVENT_TYPES[t].meaning}`).join(' ')} An event with no player (daily_reset, most custom events) omits player_id, as the original bridge does when it is 0; an empty map is read as none.`,
  example: { event_type: 'monster_kill', map: 'prt_fild08', payload: { monster_id: 1002 }, player_id: 150001, priority: 'normal', timestamp: 1732628400000 },
});

/** Documentation of the body (the route parses it itself, see {@link dispatchEnvelopeSchema}). */
export const dispatchBodySchema = z.strictObject({ events: z.array(gameEventDocSchema).max(MAX_EVENTS_PER_BATCH) }).openapi('DispatchRequest');

/** What is checked of the body as a whole: anything else is per event. */
export const dispatchEnvelopeSchema = z.strictObject({ events: z.array(z.unknown()).max(MAX_EVENTS_PER_BATCH) });

export const refusedEventSchema = z
  .object({
    index: z.number().int().openapi({ description: 'position of the event in the batch' }),
    event_type: z.string().nullable(),
    reason: z.string().openapi({ example: "unknown event_type 'guild_war' (known: player_login, …)" }),
  })
  .openapi('RefusedEvent');

export const dispatchResultSchema = z
  .object({
    accepted: z.number().int().openapi({ description: 'events journaled by this call' }),
    duplicates: z.number().int().openapi({ description: 'events already journaled before (no-ops: a retried batch)' }),
    throttled: z.number().int().openapi({ description: 'events over the per-player rate limit: journaled, but not handed to the actors' }),
    refused: z.array(refusedEventSchema).openapi({ description: 'events refused (not journaled); kept for GET /api/v1/admin/events/refused' }),
  })
  .openapi('DispatchResult');

export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .openapi('Error');
