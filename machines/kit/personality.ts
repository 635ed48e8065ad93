import { nextRandom, pick } from './random.ts';

/**
 * NPC personalities: five traits in [0,1] and an archetype, drawn from the NPC's own seed so the same NPC is
 * the same person in every run. Dialogue tone, decisions and gossip appetite read these traits.
 *
 * @example
 * const [p, rng] = personalityFrom(input.seed);  // { archetype: 'gossip', sociability: 0.83, ... }
 */
export interface Personality {
  archetype: string;
  sociability: number;
  greed: number;
  bravery: number;
  curiosity: number;
  piety: number;
}

export const ARCHETYPES = ['merchant', 'guard', 'scholar', 'gossip', 'farmer', 'priest', 'adventurer', 'hermit'] as const;

const FIRST = ['Aldo', 'Bria', 'Cedric', 'Dana', 'Elwin', 'Faye', 'Gunnar', 'Hilde', 'Ivo', 'Jora', 'Kael', 'Lina', 'Mirek', 'Nessa', 'Oswin', 'Pia', 'Quill', 'Runa', 'Sten', 'Tova', 'Ulric', 'Vera', 'Wendel', 'Yrsa'];

export function personalityFrom(rng: number): [Personality, number] {
  const traits: number[] = [];
  let r = rng;
  for (let i = 0; i < 5; i++) {
    const [v, next] = nextRandom(r);
    traits.push(Math.round(v * 100) / 100);
    r = next;
  }
  const [archetype, r2] = pick(r, ARCHETYPES);
  const [sociability, greed, bravery, curiosity, piety] = traits as [number, number, number, number, number];
  return [{ archetype, sociability, greed, bravery, curiosity, piety }, r2];
}

export function nameFrom(rng: number): [string, number] {
  return pick(rng, FIRST);
}
