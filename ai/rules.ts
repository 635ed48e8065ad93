import { factNumber, factString, firstOption, healthRatio } from './facts.ts';
import type { AiRequest, Answer } from './types.ts';

/**
 * Tier 1: situations with an obvious answer, decided without any model. Each rule is a heuristic a designer
 * would sign off on (a dying NPC flees; a farewell gets a farewell). Rules run before the cache so an urgent
 * fact (low health) is never overridden by a cached answer to a calmer, similar-looking context.
 *
 * @example
 * applyRules({ requestId: 'r', actorId: 'npc:1', purpose: 'decision', facts: { hp: 10, maxHp: 100 },
 *              options: ['fight', 'flee'] }); // { rule: 'low-health', answer: { choice: 'flee' } }
 */

export interface Rule {
  name: string;
  /** undefined = every purpose */
  purpose?: string;
  answer(request: AiRequest): Answer | undefined;
}

const FLEE = ['flee', 'retreat', 'escape', 'run', 'hide'];
const RECOVER = ['heal', 'rest', 'sleep', 'eat'];

export const DEFAULT_RULES: readonly Rule[] = [
  {
    name: 'single-option',
    answer: (r) => (r.options?.length === 1 ? { choice: r.options[0]! } : undefined),
  },
  {
    name: 'low-health',
    purpose: 'decision',
    answer: (r) => {
      const health = healthRatio(r);
      if (health === undefined || health >= 0.25) return undefined;
      const choice = firstOption(r, FLEE) ?? firstOption(r, RECOVER);
      return choice ? { choice } : undefined;
    },
  },
  {
    name: 'deadly-threat',
    purpose: 'decision',
    answer: (r) => {
      const threat = factString(r, ['threat', 'danger']);
      if (threat !== 'deadly' && threat !== 'mvp') return undefined;
      const choice = firstOption(r, FLEE);
      return choice ? { choice } : undefined;
    },
  },
  {
    name: 'exhausted',
    purpose: 'decision',
    answer: (r) => {
      const stamina = factNumber(r, ['stamina', 'energy']);
      if (stamina === undefined || stamina > 0.1) return undefined;
      const choice = firstOption(r, ['rest', 'sleep']);
      return choice ? { choice } : undefined;
    },
  },
  {
    name: 'farewell',
    purpose: 'dialogue',
    answer: (r) => {
      if (factString(r, ['trigger', 'event'])?.toLowerCase() !== 'farewell') return undefined;
      const player = factString(r, ['playerName', 'player']);
      return { text: player ? `Safe travels, ${player}.` : 'Safe travels.' };
    },
  },
  {
    name: 'hostile-player',
    purpose: 'dialogue',
    answer: (r) => {
      const reputation = factNumber(r, ['reputation', 'playerReputation']);
      return reputation !== undefined && reputation <= -50 ? { text: 'I have nothing to say to you.' } : undefined;
    },
  },
];

export function applyRules(request: AiRequest, rules: readonly Rule[] = DEFAULT_RULES): { rule: string; answer: Answer } | null {
  const purpose = request.purpose.toLowerCase();
  for (const rule of rules) {
    if (rule.purpose && rule.purpose !== purpose) continue;
    const answer = rule.answer(request);
    if (answer) return { rule: rule.name, answer };
  }
  return null;
}
