/**
 * Seeded randomness for machines. The generator's whole state is one 32-bit integer that the machine keeps
 * in its context, so a snapshot carries it and a replay draws the same numbers (no Math.random in a tick).
 *
 * @example
 * const [roll, rng] = nextRandom(context.rng);   // roll in [0, 1)
 * return { ...context, rng, mood: roll < 0.5 ? 'calm' : 'restless' };
 */

/** Every actor's own stream: the runtime seeds it (runtime/actorId.ts) and hands it over as the input `seed`. */
export { seedFor } from '../../runtime/actorId.ts';

/** mulberry32: small, fast, good enough for game behaviour. Returns [value in [0,1), next state]. */
export function nextRandom(state: number): [number, number] {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return [((t ^ (t >>> 14)) >>> 0) / 4294967296, next];
}

/** Integer in [min, max] inclusive. */
export function randomInt(state: number, min: number, max: number): [number, number] {
  const [r, next] = nextRandom(state);
  return [min + Math.floor(r * (max - min + 1)), next];
}

export function pick<T>(state: number, items: readonly T[]): [T, number] {
  const [i, next] = randomInt(state, 0, items.length - 1);
  return [items[i]!, next];
}

/** Weighted choice; weights need not sum to 1. */
export function pickWeighted<T>(state: number, items: readonly T[], weight: (item: T) => number): [T, number] {
  const total = items.reduce((sum, item) => sum + weight(item), 0);
  let [r, next] = nextRandom(state);
  r *= total;
  for (const item of items) {
    r -= weight(item);
    if (r < 0) return [item, next];
  }
  return [items[items.length - 1]!, next];
}
