import { describe, expect, it } from 'vitest';
import { applyRules } from './rules.ts';
import { templateAnswer } from './templates.ts';
import type { AiRequest } from './types.ts';

const req = (over: Partial<AiRequest>): AiRequest => ({ requestId: 'r1', actorId: 'npc:1', purpose: 'decision', facts: {}, ...over });

describe('tier 1 rules', () => {
  it('flees (or recovers) at low health, whatever the spelling of health', () => {
    expect(applyRules(req({ facts: { hp: 10, maxHp: 100 }, options: ['fight', 'flee'] }))).toEqual({ rule: 'low-health', answer: { choice: 'flee' } });
    expect(applyRules(req({ facts: { hpRatio: 0.1 }, options: ['fight', 'Rest'] }))?.answer).toEqual({ choice: 'Rest' });
    expect(applyRules(req({ facts: { hpRatio: 0.9 }, options: ['fight', 'flee'] }))).toBeNull();
    // nothing sensible to pick: leave it to the next tier
    expect(applyRules(req({ facts: { hpRatio: 0.1 }, options: ['fight', 'trade'] }))).toBeNull();
  });

  it('answers single-option requests, farewells and hostile players', () => {
    expect(applyRules(req({ options: ['wait'] }))?.answer).toEqual({ choice: 'wait' });
    expect(applyRules(req({ purpose: 'dialogue', facts: { trigger: 'farewell', playerName: 'Alice' } }))?.answer).toEqual({ text: 'Safe travels, Alice.' });
    expect(applyRules(req({ purpose: 'dialogue', facts: { reputation: -80 } }))?.rule).toBe('hostile-player');
    expect(applyRules(req({ purpose: 'dialogue', facts: { trigger: 'greeting' } }))).toBeNull();
  });

  it('flees a deadly threat and rests when exhausted', () => {
    expect(applyRules(req({ facts: { threat: 'mvp' }, options: ['work', 'hide'] }))?.answer).toEqual({ choice: 'hide' });
    expect(applyRules(req({ facts: { stamina: 0.05 }, options: ['work', 'sleep'] }))?.answer).toEqual({ choice: 'sleep' });
  });
});

describe('offline templates', () => {
  it('are deterministic per request and seed, and vary across requests', () => {
    const dialogue = req({ purpose: 'dialogue', facts: { playerName: 'Alice', map: 'prontera', weather: 'rain' } });
    expect(templateAnswer(dialogue, 7)).toEqual(templateAnswer(dialogue, 7));
    const texts = new Set(Array.from({ length: 30 }, (_, i) => templateAnswer({ ...dialogue, requestId: `r${i}` }, 7).text));
    expect(texts.size).toBeGreaterThan(3);
    for (const text of texts) expect(text).not.toMatch(/[{}]/);
  });

  it('choose among the options for decisions and write text for other purposes', () => {
    const decision = templateAnswer(req({ options: ['work', 'rest', 'trade'] }));
    expect(['work', 'rest', 'trade']).toContain(decision.choice);
    expect(decision.text).toBeUndefined();
    expect(templateAnswer(req({ purpose: 'quest', facts: { item: 'Jellopy' } })).text).toBeTruthy();
    expect(templateAnswer(req({ purpose: 'weather-report' })).text).toBeTruthy();
  });
});
