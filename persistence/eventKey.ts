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
 * The journal's dedupe key for an event. Midgard's own bridge sends `event_id`; the original rAthena bridge
 * sends none and retries a whole batch on any non-2xx, so without an id the key is a hash of everything that
 * identifies the happening (not `priority`, which says nothing about *what* happened).
 *
 * @example
 * eventKey({ event_id: 'e-1', ... });                 // 'e-1'
 * eventKey({ event_type: 'player_login', player_id: 150001, timestamp: 1732628400000, ... }); // 'c:9f2c…'
 */
export function eventKey(event: GameEvent): string {
  if (event.event_id) return event.event_id;
  const identity = stableStringify([
    event.event_type,
    event.player_id,
    event.map ?? null,
    event.timestamp,
    event.payload ?? {},
  ]);
  return `c:${createHash('sha256').update(identity).digest('hex')}`;
}
