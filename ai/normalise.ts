import { createHash } from 'node:crypto';
import type { AiRequest, JsonValue } from './types.ts';

/**
 * The normalised context of a request: what decides its answer, in one canonical form. Two requests with the
 * same normalised context get the same cached answer, so it leaves out who asks (`actorId`, `requestId`) and
 * smooths out noise that should not change an answer: letter case, extra spaces, key order, float jitter.
 * Facts that must personalise an answer (an NPC's name, its mood) belong in `facts`.
 *
 * @example
 * contextKey({ requestId: 'a', actorId: 'npc:1', purpose: 'dialogue', facts: { Weather: ' Rain ' } })
 *   === contextKey({ requestId: 'b', actorId: 'npc:2', purpose: 'dialogue', facts: { weather: 'rain' } }); // true
 */

export type Canonical = string | number | boolean | null | Canonical[] | { [key: string]: Canonical };

export function canonicalValue(value: JsonValue): Canonical {
  if (typeof value === 'string') return value.trim().replace(/\s+/g, ' ').toLowerCase();
  // two decimals: 0.251 and 0.2549 are the same situation to an NPC
  if (typeof value === 'number') return Math.round(value * 100) / 100;
  if (value === null || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(canonicalValue);
  // keys are lowered before sorting, so `Weather` and `weather` land in the same place
  const entries = Object.keys(value).map((key) => [key.trim().toLowerCase(), canonicalValue(value[key]!)] as const);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

export interface NormalisedContext {
  purpose: string;
  options: string[] | null;
  facts: Canonical;
}

export function normaliseRequest(request: Pick<AiRequest, 'purpose' | 'facts' | 'options'>): NormalisedContext {
  return {
    purpose: request.purpose.trim().toLowerCase(),
    // options are a set: their order must not split the cache (the answer names the option, not its index)
    options: request.options ? [...request.options].sort() : null,
    facts: canonicalValue(request.facts),
  };
}

/** Groups requests that may share answers: same purpose and the same set of options. */
export function bucketOf(context: NormalisedContext): string {
  return context.options ? `${context.purpose}|${context.options.join('\u0001')}` : context.purpose;
}

/** Exact-match key: a SHA-1 of the canonical JSON (key order is already fixed by canonicalValue). */
export function contextKey(request: Pick<AiRequest, 'purpose' | 'facts' | 'options'>): string {
  return hashContext(normaliseRequest(request));
}

export function hashContext(context: NormalisedContext): string {
  return createHash('sha1').update(JSON.stringify(context)).digest('base64url');
}
