import { describe, expect, it } from 'vitest';
import { AiRouter } from './AiRouter.ts';
import { formatAnswers } from './prompts.ts';
import type { LlmCall, LlmResult, Provider } from './providers/Provider.ts';
import type { AiRequest } from './types.ts';
import { PREFETCH, USES_PER_LINE, VoicePacks } from './VoicePacks.ts';

/** A billable provider whose pack lines name the NPC they were written for, so a crossed line shows. */
class PackWriter implements Provider {
  readonly name = 'groq';
  readonly billable = true;
  readonly calls: LlmCall[] = [];
  modelFor() {
    return 'llama-3.1-8b-instant';
  }
  async complete(call: LlmCall): Promise<LlmResult> {
    this.calls.push(call);
    const text = formatAnswers(call.requests.map((r) => ({ text: `{who}, ${r.facts.npc} line 0.`, variants: [1, 2, 3].map((k) => `${r.facts.npc} line ${k}, {who}.`) })));
    return { text, model: 'llama-3.1-8b-instant', inputTokens: 100, outputTokens: 100 };
  }
}

const DAY = 86_400_000;
const greeting = (n: number, player: string, extra: Record<string, unknown> = {}): AiRequest => ({
  requestId: `npc:${n}/talk/${player}/${Math.random()}`,
  actorId: `npc:${n}`,
  purpose: 'dialogue',
  facts: { trigger: 'greeting', npc: `Npc${n}`, archetype: 'guard', temperament: 'bold', place: 'Prontera', timeOfDay: 'evening', player: { name: player, job: null, level: null }, metBefore: false, memories: [], rumours: [], ...extra } as never,
});

describe('VoicePacks', () => {
  it('serves an NPC its own lines: one call for its day, each line at most twice, the player named', async () => {
    const provider = new PackWriter();
    const router = new AiRouter({ providers: [provider], batchWindowMs: 0 });
    const said: string[] = [];
    for (let i = 0; i < 4 * USES_PER_LINE; i++) said.push((await router.decide(greeting(1, `P${i}`), { now: DAY + i })).text!);
    expect(provider.calls).toHaveLength(1);
    expect(provider.calls[0]!.requests[0]).toMatchObject({ purpose: 'voice', actorId: 'npc:1' });
    // only who the NPC is goes to the model: no player, no moment
    expect(Object.keys(provider.calls[0]!.requests[0]!.facts).sort()).toEqual(['archetype', 'npc', 'place', 'temperament']);
    said.forEach((line, i) => expect(line).toContain(`P${i}`));
    expect(said.every((line) => line.includes('Npc1 line'))).toBe(true);
    expect(new Set(said).size).toBe(said.length);
    // the pack is spent: the next conversation asks for a fresh one
    await router.decide(greeting(1, 'Late'), { now: DAY + 99 });
    expect(provider.calls).toHaveLength(2);
  });

  it('never hands one NPC another NPC\'s line, and asks for tomorrow\'s packs of yesterday\'s speakers in the same call', async () => {
    const provider = new PackWriter();
    const router = new AiRouter({ providers: [provider], batchWindowMs: 0 });
    for (let n = 0; n < 10; n++) await router.decide(greeting(n, 'Ann'), { now: DAY });
    expect(provider.calls).toHaveLength(10);
    // next day: the first conversation's call also brings PREFETCH other NPCs' packs
    const next = await router.decide(greeting(0, 'Ann'), { now: 2 * DAY });
    expect(next.text).toContain('Npc0 line');
    expect(provider.calls).toHaveLength(11);
    expect(provider.calls[10]!.requests).toHaveLength(1 + PREFETCH);
    // the most recently heard come first
    for (let n = 10 - PREFETCH; n < 10; n++) {
      const d = await router.decide(greeting(n, 'Bob'), { now: 2 * DAY + n });
      expect(d.text).toContain(`Npc${n} line`);
      expect(d.tier).toBe('cache');
    }
    expect(provider.calls).toHaveLength(11);
  });

  it('says what only this conversation knows: a returning player is remembered, a rumour is told', () => {
    const packs = new VoicePacks();
    const ask = packs.ask(greeting(3, 'Cid'), 5)[0]!;
    packs.store(ask, ['The gate holds, {who}.', 'Quiet watch tonight.'], 'groq');
    const met = packs.compose(greeting(3, 'Cid', { metBefore: true, memories: ['we last spoke yesterday'] }), 5)!;
    expect(met.text).toMatch(/Cid/);
    expect(met.text).toMatch(/yesterday/);
    const rumour = packs.compose(greeting(3, 'Dee', { rumours: ['orcs march on Geffen'] }), 5)!;
    expect(rumour.text).toMatch(/Dee/);
    expect(rumour.text).toMatch(/orcs march on Geffen/);
    // yesterday's pack is not today's
    expect(packs.compose(greeting(3, 'Eve'), 6)).toBeUndefined();
  });

  it('is off without a billable provider: offline, every line is composed for its conversation', async () => {
    const router = new AiRouter({ batchWindowMs: 0 });
    const d = await router.decide(greeting(1, 'Ann'), { now: DAY });
    expect(d).toMatchObject({ provider: 'offline', fallback: false });
    expect(router.stats().cache.pack).toBe(0);
  });

  it('falls back at once when the pack cannot be had, and asks again next time', async () => {
    let fail = true;
    const provider = new PackWriter();
    const complete = provider.complete.bind(provider);
    provider.complete = async (call) => {
      if (fail) throw Object.assign(new Error('HTTP 400'), { retryable: false });
      return complete(call);
    };
    const router = new AiRouter({ providers: [provider], batchWindowMs: 0 });
    const first = await router.decide(greeting(2, 'Ann'), { now: DAY });
    expect(first.fallback).toBe(true);
    fail = false;
    const second = await router.decide(greeting(2, 'Bob'), { now: DAY + 1 });
    expect(second).toMatchObject({ fallback: false, provider: 'groq' });
    expect(second.text).toContain('Npc2 line');
  });
});
