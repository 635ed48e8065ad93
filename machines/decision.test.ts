import { describe, expect, it } from 'vitest';
import { decide, utilities, type NpcAction } from './decision.ts';
import type { Personality } from './kit/personality.ts';

const trait = (over: Partial<Personality>): Personality => ({ archetype: 'farmer', sociability: 0.5, greed: 0.5, bravery: 0.5, curiosity: 0.5, piety: 0.5, ...over });

function tally(p: Personality, state = { mood: 0.5, goods: 2, rumours: 0, danger: 0 }) {
  const counts: Record<NpcAction, number> = { chat: 0, trade: 0, work: 0, rest: 0, patrol: 0 };
  let rng = 1;
  for (let i = 0; i < 2000; i++) {
    const [a, next] = decide(p, state, rng);
    counts[a]++;
    rng = next;
  }
  return counts;
}

describe('decision', () => {
  it('personality shows: social NPCs chat more, greedy ones trade more', () => {
    expect(tally(trait({ sociability: 0.95 })).chat).toBeGreaterThan(tally(trait({ sociability: 0.05 })).chat * 2);
    expect(tally(trait({ greed: 0.95 })).trade).toBeGreaterThan(tally(trait({ greed: 0.05 })).trade * 2);
  });

  it('state shows: no goods means no trade, danger brings patrols, gloom brings rest', () => {
    expect(utilities(trait({}), { mood: 0.5, goods: 0, rumours: 0, danger: 0 }).trade).toBe(0);
    expect(tally(trait({ bravery: 1 }), { mood: 0.5, goods: 2, rumours: 0, danger: 1 }).patrol).toBeGreaterThan(200);
    expect(tally(trait({ bravery: 1 })).patrol).toBe(0);
    expect(tally(trait({}), { mood: 0, goods: 2, rumours: 0, danger: 0 }).rest).toBeGreaterThan(tally(trait({}), { mood: 1, goods: 2, rumours: 0, danger: 0 }).rest);
  });
});
