import { describe, expect, it } from 'vitest';
import { dialogueFacts, templateLine } from './dialogue.ts';
import type { Personality } from './kit/personality.ts';

const p = (over: Partial<Personality> = {}): Personality => ({ archetype: 'guard', sociability: 0.8, greed: 0.2, bravery: 0.9, curiosity: 0.3, piety: 0.4, ...over });

describe('dialogue', () => {
  it('gives the AI layer the personality, mood, memories and the freshest rumour', () => {
    const facts = dialogueFacts({ name: 'Sten', personality: p(), mood: 0.9, map: 'prontera' }, [{ text: 'helped me', importance: 1, tags: [], at: 0 }], 'orcs march');
    expect(facts).toMatchObject({ npc: 'Sten', archetype: 'guard', mood: 'cheerful', memories: ['helped me'], rumour: 'orcs march' });
  });

  it('speaks in character offline: greets known players, shares rumours only if sociable', () => {
    const [line] = templateLine({ name: 'Sten', personality: p(), mood: 0.5, map: 'prontera' }, true, 'orcs march', 7);
    expect(line).toMatch(/^Sten: Good to see you again\. /);
    expect(line).toContain('They say orcs march.');
    const [shy] = templateLine({ name: 'Ivo', personality: p({ archetype: 'hermit', sociability: 0.1 }), mood: 0.5, map: 'payon' }, false, 'orcs march', 7);
    expect(shy).not.toContain('orcs');
  });
});
