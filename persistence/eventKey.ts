import { createHash } from 'node:crypto';
import type { GameEvent } from './types.ts';

/**
 * JSON with object keys sorted at every depth, so two payloads that differ only in key order (the C++ bridge
 * and nlohmann-json do not promise an order) hash to the same content key.
 *
 * @example
 * stableStringify({ b: 1, a: [2, { d: 3, c: 4 }] }); // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    // undefined inside arrays becomes null, as JSON.stringify does
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/**
 * The journal's dedupe key for an event: the key the caller set (the gateway's batch keys), else the bridge's
 * `event_id` (Midgard's own bridge sends one), else a hash of everything that identifies the happening (not
 * `priority`, which says nothing about *what* happened). The content hash merges two identical events, so callers
 * that can tell them apart (the gateway, by batch position) set `key` instead.
 *
 * @example
 * eventKey({ event_id: 'e-1', ... });                 // 'e-1'
 * eventKey({ event_type: 'player_login', player_id: 150001, timestamp: 1732628400000, ... }); // 'c:9f2c…'
 */
export function eventKey(event: GameEvent): string {
  if (event.key) return event.key;
  if (event.event_id) return event.event_id;
  const identity = stableStringify([
    event.event_type,
    event.player_id ?? 0,
    event.map ?? null,
    event.timestamp,
    event.payload ?? {},
  ]);
  return `c:${sha256(identity)}`;
}

/**
 * Journal keys for one batch from a bridge that sends no event ids (the original rAthena bridge): a hash of the
 * whole batch as it was sent, plus each event's position in it. The original retries a failed batch whole and
 * unchanged, so a retry hits the same keys (a no-op), while two identical events in one batch (an area kill: the
 * same monster, player and millisecond) differ by position and stay two events.
 *
 * The one case this cannot tell apart: two *separate* batches whose content is identical event for event (the
 * original would have to flush the same events with the same millisecond timestamps twice, e.g. 100 identical
 * kills in one millisecond split into two full batches of 50). The second is taken for a retry of the first.
 *
 * Events that carry an `event_id` keep it as their key. `raw` is the batch as parsed from the wire (refused
 * events included, so every event keeps the key it had in the batch the bridge sent).
 *
 * @example
 * batchEventKeys(body.events); // ['b:5e1c…:0', 'b:5e1c…:1', 'evt-7', …]
 */
export function batchEventKeys(raw: readonly unknown[]): string[] {
  const batch = sha256(stableStringify(raw));
  return raw.map((event, index) => {
    const id = (event as { event_id?: unknown } | null)?.event_id;
    return typeof id === 'string' && id.length > 0 ? id : `b:${batch}:${index}`;
  });
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
