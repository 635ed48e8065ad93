import { parseGameEvent } from '../../contract/events.ts';
import { batchEventKeys } from '../../persistence/eventKey.ts';
import type { GameEvent, Journal, JournaledEvent, RefusedEvent, RefusedEventLog } from '../../persistence/types.ts';
import { log } from '../../runtime/log.ts';
import { ApiError } from '../errors.ts';
import { gatewayEvents } from '../metrics.ts';
import { checkLimit } from '../middleware/rate-limit/index.ts';
import type { GatewayDeps } from '../types.ts';

/** An event with the journal key the gateway gave it (its `event_id`, or its batch key). */
export type KeyedEvent = GameEvent & { key: string };

export interface IngestResult {
  accepted: JournaledEvent[];
  duplicates: number;
  throttled: number;
}

export interface BatchResult extends IngestResult {
  /** the events not journaled, by their position in the batch the bridge sent */
  refused: { index: number; event_type: string | null; reason: string }[];
}

/**
 * One batch as a bridge sent it (HTTP dispatch and the bridge WebSocket): each event is checked against the
 * contract on its own, so a bad one is refused — logged, listed in the answer, kept in the refused-event log —
 * and never costs the batch's valid events. Events are keyed by `event_id`, or by the batch's content and their
 * position in it (`batchEventKeys`): a retried batch is a no-op, two identical events in one batch are two.
 *
 * Resolves only once the valid events are journaled and the refused ones recorded; if either store fails nothing
 * is acknowledged (503) and the bridge's retry is safe, since every event keeps its key.
 *
 * @example
 * const { accepted, refused } = await ingestBatch(deps, commit, refusedLog, body.events, 'bridge:10.0.0.5');
 */
export async function ingestBatch(
  deps: GatewayDeps,
  journal: Pick<Journal, 'append'>,
  refusedLog: RefusedEventLog,
  raw: readonly unknown[],
  source: string,
): Promise<BatchResult> {
  const keys = batchEventKeys(raw);
  const valid: KeyedEvent[] = [];
  const refused: RefusedEvent[] = [];
  const now = (deps.now ?? Date.now)();
  raw.forEach((item, index) => {
    const parsed = parseGameEvent(item);
    if (parsed.ok) valid.push({ ...parsed.event, key: keys[index]! });
    else refused.push({ key: keys[index]!, index, event_type: parsed.event_type, reason: parsed.reason, event: item, source, refusedAt: now });
  });
  const result = await ingestEvents(deps, journal, valid);
  if (refused.length > 0) {
    log.warn({ source, refused: refused.map(({ index, event_type, reason }) => ({ index, event_type, reason })) }, 'bridge events refused; the rest of the batch was kept');
    gatewayEvents.inc({ outcome: 'refused' }, refused.length);
    try {
      await refusedLog.record(refused);
    } catch (err) {
      log.error({ err, refused: refused.length }, 'refused events could not be recorded; nothing acknowledged');
      throw new ApiError(503, 'journal_unavailable', 'refused events could not be recorded; retry');
    }
  }
  return { ...result, refused: refused.map(({ index, event_type, reason }) => ({ index, event_type, reason })) };
}

/**
 * The one path by which valid game events enter Midgard: a durable journal append, then hand-off to the runtime.
 * It resolves only after the journal has the events, so the caller may acknowledge; if the journal fails nothing
 * is acknowledged and the bridge retries (duplicates are no-ops by key).
 *
 * The per-player limit never drops an acknowledged event: every event is journaled (it happened in the game),
 * and the new events over a player's limit are marked `held` in the append's own transaction, so whoever follows
 * the journal — in this process or another — keeps them from the actors and a spamming client cannot flood the
 * world. It counts events, not keys: two identical kills are two hits; a retried duplicate is none.
 */
export async function ingestEvents(deps: GatewayDeps, journal: Pick<Journal, 'append'>, events: KeyedEvent[]): Promise<IngestResult> {
  if (events.length === 0) return { accepted: [], duplicates: 0, throttled: 0 };
  let result: { accepted: JournaledEvent[]; duplicates: number };
  try {
    result = await journal.append(events, { hold: (fresh) => overPlayerLimit(deps, fresh) });
  } catch (err) {
    log.error({ err, events: events.length }, 'journal append failed; nothing acknowledged');
    throw new ApiError(503, 'journal_unavailable', 'events could not be journaled; retry');
  }
  if (result.accepted.length > 0) {
    try {
      deps.onEventsJournaled(result.accepted);
    } catch (err) {
      // the events are durable: the runtime catches up from the journal, so the bridge still gets its 2xx
      log.error({ err }, 'onEventsJournaled threw; events stay in the journal for replay');
    }
  }
  const throttled = result.accepted.filter((e) => e.held).length;
  gatewayEvents.inc({ outcome: 'accepted' }, result.accepted.length);
  gatewayEvents.inc({ outcome: 'duplicate' }, result.duplicates);
  if (throttled > 0) gatewayEvents.inc({ outcome: 'throttled' }, throttled);
  return { ...result, throttled };
}

/** The keys of the new events over their player's limit, one hit per event. Server events (no player) are not limited. */
async function overPlayerLimit(deps: GatewayDeps, events: readonly JournaledEvent[]): Promise<Set<string>> {
  const perSecond = deps.config.settings.limits.playerPerSecond;
  const now = (deps.now ?? Date.now)();
  const verdicts = await Promise.all(
    events.map((e) => (e.player_id === undefined ? null : checkLimit(deps.rateLimits, `player:${e.player_id}`, perSecond, 1000, now))),
  );
  const over = new Set(events.filter((_, i) => verdicts[i]?.allowed === false).map((e) => e.key));
  if (over.size) log.warn({ throttled: over.size }, 'per-player rate limit: events journaled but kept from the actors');
  return over;
}
