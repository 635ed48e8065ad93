import type { AiRequest, JsonValue } from './types.ts';

/**
 * Reading the loosely shaped facts machines send. Facts are free-form JSON by design (each actor kind knows
 * different things), so rules and templates look a value up under a few common spellings.
 */

export function factString(request: Pick<AiRequest, 'facts'>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value: JsonValue | undefined = request.facts[name];
    if (typeof value === 'string' && value.trim()) return value.trim();
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}

export function factNumber(request: Pick<AiRequest, 'facts'>, names: readonly string[]): number | undefined {
  for (const name of names) {
    const value = request.facts[name];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return undefined;
}

/** Health as a share of the maximum, from `hpRatio`/`health` (0..1) or `hp` with `maxHp`. */
export function healthRatio(request: Pick<AiRequest, 'facts'>): number | undefined {
  const ratio = factNumber(request, ['hpRatio', 'healthRatio', 'health']);
  if (ratio !== undefined && ratio <= 1) return ratio;
  const hp = factNumber(request, ['hp']);
  const max = factNumber(request, ['maxHp', 'hpMax']);
  return hp !== undefined && max ? hp / max : undefined;
}

/** The first option (in the request's own order) that is one of `wanted`, compared case-insensitively. */
export function firstOption(request: Pick<AiRequest, 'options'>, wanted: readonly string[]): string | undefined {
  return request.options?.find((option) => wanted.includes(option.toLowerCase()));
}

/** FNV-1a: a stable 32-bit seed from text (request ids, effect ids), so offline answers replay exactly. */
export function seedOf(text: string, worldSeed = 0): number {
  let h = 0x811c9dc5 ^ (worldSeed >>> 0);
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
