import type { GameEvent, Journal, JournaledEvent } from '../../persistence/types.ts';
import { log } from '../../runtime/log.ts';
import { ApiError } from '../errors.ts';
import { gatewayEvents } from '../metrics.ts';
import { checkLimit } from '../middleware/rate-limit/index.ts';
import type { GatewayDeps } from '../types.ts';
import { KNOWN_EVENT_TYPES } from './schema.ts';
import { eventKey } from '../../persistence/eventKey.ts';

export interface IngestResult {
  accepted: JournaledEvent[];
  duplicates: number;
  throttled: number;
}

/**
 * The one path by which game events enter Midgard (HTTP dispatch and the bridge WebSocket both use it):
 * a durable journal append, then hand-off to the runtime. It resolves only after the journal has the events,
 * so the caller may acknowledge; if the journal fails nothing is acknowledged and the bridge retries
 * (duplicates are no-ops by event key).
 *
 * The per-player limit never drops an acknowledged event: every event is journaled (it happened in the game),
 * and events over a player's limit are kept from the actors, so a spamming client cannot flood the world.
 *
 * @example
 * const { accepted } = await ingestEvents(deps, new GroupCommit(deps.journal), events);
 */
export async function ingestEvents(deps: GatewayDeps, journal: Pick<Journal, 'append'>, events: GameEvent[]): Promise<IngestResult> {
  if (events.length === 0) return { accepted: [], duplicates: 0, throttled: 0 };
  const overLimit = await throttlePlayers(deps, events);
  for (const e of events) {
    if (!KNOWN_EVENT_TYPES.has(e.event_type)) log.warn({ event_type: e.event_type, player_id: e.player_id }, 'unknown event_type accepted as custom-like');
  }
  let result: { accepted: JournaledEvent[]; duplicates: number };
  try {
    result = await journal.append(events);
  } catch (err) {
    log.error({ err, events: events.length }, 'journal append failed; nothing acknowledged');
    throw new ApiError(503, 'journal_unavailable', 'events could not be journaled; retry');
  }
  const routed = overLimit.size ? result.accepted.filter((e) => !overLimit.has(e.key)) : result.accepted;
  if (routed.length > 0) {
    try {
      deps.onEventsJournaled(routed);
    } catch (err) {
      // the events are durable: the runtime catches up from the journal, so the bridge still gets its 2xx
      log.error({ err }, 'onEventsJournaled threw; events stay in the journal for replay');
    }
  }
  const throttled = result.accepted.length - routed.length;
  gatewayEvents.inc({ outcome: 'accepted' }, result.accepted.length);
  gatewayEvents.inc({ outcome: 'duplicate' }, result.duplicates);
  if (throttled > 0) gatewayEvents.inc({ outcome: 'throttled' }, throttled);
  return { ...result, throttled };
}

/** Journal keys of the events over their player's limit. Player id 0 is the server itself (daily_reset…). */
async function throttlePlayers(deps: GatewayDeps, events: GameEvent[]): Promise<Set<string>> {
  const perSecond = deps.config.settings.limits.playerPerSecond;
  const now = (deps.now ?? Date.now)();
  const verdicts = await Promise.all(
    events.map((e) => (e.player_id === 0 ? null : checkLimit(deps.rateLimits, `player:${e.player_id}`, perSecond, 1000, now))),
  );
  const over = new Set(events.filter((_, i) => verdicts[i]?.allowed === false).map(eventKey));
  if (over.size) log.warn({ throttled: over.size }, 'per-player rate limit: events journaled but kept from the actors');
  return over;
}
