import { describe, expect, it } from 'vitest';
import { dialogueFacts, memoriesInWords, offlineLine, spokenBy } from './dialogue.ts';
import { composeLine } from './dialogueLines.ts';
import type { Personality } from './kit/personality.ts';
import { DAY, HOUR } from './kit/time.ts';

const p = (over: Partial<Personality> = {}): Personality => ({ archetype: 'guard', sociability: 0.8, greed: 0.2, bravery: 0.9, curiosity: 0.3, piety: 0.4, ...over });
const speaker = { name: 'Sten', personality: p(), mood: 0.9, map: 'prt_fild08', rumours: [{ text: 'player 150001 slew an MVP on gef_dun02' }] };

describe('dialogue', () => {
  it('tells the AI layer the persona, the player, the place and the moment in words, never as codes or ids', () => {
    const now = 3 * DAY + 19 * HOUR;
    const own = [{ text: 'spoke with Alice', importance: 0.4, tags: ['player:5'], at: now - 30 * HOUR }];
    const facts = dialogueFacts(speaker, { playerId: 5, name: 'Alice', job: 'Acolyte', level: 31 }, own, ['completed quest 70001 on prt_fild08'], now);
    expect(facts).toMatchObject({
      npc: 'Sten', archetype: 'guard', mood: 'cheerful', place: 'the fields south of Prontera', timeOfDay: 'evening',
      player: { name: 'Alice', job: 'Acolyte', level: 31 }, metBefore: true, memories: ['we last spoke yesterday'],
      playerDeeds: ['completed a quest in the fields south of Prontera'], rumours: ['an adventurer slew an MVP in the Geffen Dungeon'],
    });
    expect(JSON.stringify(facts)).not.toMatch(/prt_fild|gef_dun|150001/);
  });

  it('puts memories in words', () => {
    const m = (at: number) => ({ text: 'spoke with Bo', importance: 0.4, tags: [], at });
    expect(memoriesInWords([m(0), m(DAY)], DAY + HOUR)).toEqual(['we last spoke a little while ago', 'we have spoken 2 times']);
    expect(memoriesInWords([], 0)).toEqual([]);
  });

  it('composes lines from what the NPC knows, the same facts and seed giving the same line', () => {
    const facts = dialogueFacts(speaker, { playerId: 5, name: 'Alice' }, [], [], 10 * HOUR);
    expect(composeLine(facts, 7)).toBe(composeLine(facts, 7));
    const lines = new Set(Array.from({ length: 200 }, (_, seed) => composeLine(facts, seed)));
    expect(lines.size).toBeGreaterThan(150);
    for (const line of lines) expect(line).not.toMatch(/\{|\}|undefined|null/);
    const [line, rng] = offlineLine(facts, 1);
    expect(typeof line).toBe('string');
    expect(rng).not.toBe(1);
  });

  it('a hermit keeps it short; a gossip passes the news on', () => {
    const hermit = dialogueFacts({ ...speaker, personality: p({ archetype: 'hermit', sociability: 0.1 }) }, { playerId: 1 }, [], [], 0);
    const gossip = dialogueFacts({ ...speaker, personality: p({ archetype: 'gossip', sociability: 0.9 }) }, { playerId: 1 }, [], [], 0);
    const words = (f: Record<string, unknown>) => Array.from({ length: 50 }, (_, s) => composeLine(f, s).split(' ').length).reduce((a, b) => a + b, 0);
    expect(words(hermit)).toBeLessThan(words(gossip));
    const news = Array.from({ length: 50 }, (_, s) => composeLine(gossip, s)).filter((l) => l.includes('slew an MVP')).length;
    expect(news).toBeGreaterThan(20);
  });

  it('names the speaker once', () => {
    expect(spokenBy('Sten', 'Halt!')).toBe('Sten: Halt!');
    expect(spokenBy('Sten', 'Sten: Halt!')).toBe('Sten: Halt!');
  });
});
