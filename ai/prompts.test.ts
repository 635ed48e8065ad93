import { describe, expect, it } from 'vitest';
import { answerPrompt } from './testing/fakeLlmServers.ts';
import { buildCall, formatAnswers, parseAnswers } from './prompts.ts';
import type { AiRequest } from './types.ts';

const requests: AiRequest[] = [
  { requestId: 'a', actorId: 'npc:1', purpose: 'dialogue', facts: { playerName: 'Alice' } },
  { requestId: 'b', actorId: 'npc:2', purpose: 'decision', facts: { weather: 'rain' }, options: ['work', 'Rest'] },
];

describe('the LLM wire format', () => {
  it('round-trips a well-formed batch reply, one answer per request', () => {
    const call = buildCall(requests, 'batched');
    expect(call.prompt).toContain('#1 purpose=decision');
    expect(parseAnswers(answerPrompt(call.prompt), requests)).toEqual([
      { text: 'Fake dialogue line 0.' },
      { text: 'Fake decision line 1.', choice: 'work' },
    ]);
  });

  it('finds the array inside prose and code fences, in any order, matching choices case-insensitively', () => {
    const reply = 'Here you go:\n```json\n[{"i":1,"choice":"rest"},{"i":0,"text":"Hi Alice"}]\n```';
    expect(parseAnswers(reply, requests)).toEqual([{ text: 'Hi Alice' }, { choice: 'Rest' }]);
  });

  it('yields undefined (never throws) for malformed replies and for each invalid item', () => {
    expect(parseAnswers('not json at all', requests)).toEqual([undefined, undefined]);
    expect(parseAnswers('[{"i":0,"text":"Hi"', requests)).toEqual([undefined, undefined]);
    expect(parseAnswers('{"i":0,"text":"Hi"}', requests)).toEqual([undefined, undefined]);
    // item 1 picks a choice that is not an option; item 7 does not exist; duplicates keep the first
    const partial = '[{"i":0,"text":"Hi"},{"i":0,"text":"again"},{"i":1,"choice":"dance"},{"i":7,"text":"x"},{"i":"1"}]';
    expect(parseAnswers(partial, requests)).toEqual([{ text: 'Hi' }, undefined]);
    expect(parseAnswers('[{"i":0,"text":"  "}]', requests)).toEqual([undefined, undefined]);
  });

  it('formatAnswers writes what parseAnswers reads', () => {
    expect(parseAnswers(formatAnswers([{ text: 'x' }, { choice: 'work' }]), requests)).toEqual([{ text: 'x' }, { choice: 'work' }]);
  });

  it('briefs the model per purpose and refuses texts longer than the purpose allows', () => {
    const story: AiRequest = { requestId: 's', actorId: 'arc:main', purpose: 'story', facts: { template: '[Arc 1 · Chapter 2] The guard marches.' } };
    const dialogue = buildCall([requests[0]!], 'batched');
    expect(dialogue.system).toContain('DIALOGUE:');
    expect(dialogue.system).not.toContain('STORY CHAPTER:');
    expect(buildCall([story], 'full').system).toContain('keep its heading, events, names and outcome');
    expect(parseAnswers(JSON.stringify([{ i: 0, text: 'x'.repeat(241) }]), [requests[0]!])).toEqual([undefined]);
    expect(parseAnswers(JSON.stringify([{ i: 0, text: 'x'.repeat(500) }]), [story])).toEqual([{ text: 'x'.repeat(500) }]);
  });
});
