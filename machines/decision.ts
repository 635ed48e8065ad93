import { nextRandom } from './kit/random.ts';
import type { Personality } from './kit/personality.ts';

/**
 * The Decision agent: an NPC's next behaviour by utility scoring (the way game AI picks actions without a
 * planner): each option gets a score from traits and state, then a seeded roll picks among them in proportion,
 * so personalities show in the long run without every NPC of a type acting in lockstep.
 *
 * @example
 * const [choice, rng] = decide(personality, { mood: 0.4, goods: 3, rumours: 1, danger: 0 }, context.rng);
 */
export type NpcAction = 'chat' | 'trade' | 'work' | 'rest' | 'patrol';

export interface NpcState {
  /** 0 (miserable) .. 1 (cheerful) */
  mood: number;
  goods: number;
  /** rumours it has not yet passed on */
  rumours: number;
  /** 0..1, from hazards, invasions, weather */
  danger: number;
}

export function utilities(p: Personality, s: NpcState): Record<NpcAction, number> {
  return {
    chat: 0.2 + p.sociability * (0.6 + 0.4 * s.mood) + Math.min(3, s.rumours) * 0.25 * p.sociability,
    trade: s.goods > 0 ? 0.1 + p.greed * 0.9 + Math.min(5, s.goods) * 0.05 : 0,
    work: 0.3 + (1 - p.sociability) * 0.4 + (s.goods === 0 ? 0.4 : 0),
    rest: 0.1 + (1 - s.mood) * 0.6,
    patrol: s.danger * (0.2 + p.bravery),
  };
}

export function decide(p: Personality, s: NpcState, rng: number): [NpcAction, number] {
  const u = utilities(p, s);
  const entries = Object.entries(u) as [NpcAction, number][];
  const total = entries.reduce((sum, [, v]) => sum + v, 0);
  const [roll, next] = nextRandom(rng);
  let r = roll * total;
  for (const [action, v] of entries) {
    r -= v;
    if (r < 0) return [action, next];
  }
  return [entries[entries.length - 1]![0], next];
}
