import { describe, expect, it } from 'vitest';
import { registry } from '../runtime/metrics.ts';
import { AiRouter } from './AiRouter.ts';
import { CostTracker } from './CostTracker.ts';
import { MemoryDecisionRecorder } from './DecisionRecorder.ts';
import { formatAnswers } from './prompts.ts';
import { ProviderError, type LlmCall, type LlmResult, type Provider } from './providers/Provider.ts';
import { CountingProvider } from './testing/CountingProvider.ts';
import type { AiRequest } from './types.ts';

/** A billable provider whose replies the test writes. */
class ScriptedProvider implements Provider {
  readonly billable = true;
  calls: LlmCall[] = [];
  constructor(readonly name: string, private readonly reply: (call: LlmCall) => string | Error) {}
  modelFor() {
    return 'llama-3.1-8b-instant';
  }
  async complete(call: LlmCall): Promise<LlmResult> {
    this.calls.push(call);
    const text = this.reply(call);
    if (text instanceof Error) throw text;
    return { text, model: 'llama-3.1-8b-instant', inputTokens: 100, outputTokens: 20 };
  }
}

const fast = { chain: { sleep: async () => {}, retries: 0 }, batchWindowMs: 5 };
let n = 0;
const dialogue = (facts: Record<string, string | number> = {}): AiRequest => ({
  requestId: `req-${++n}`, actorId: `npc:${n}`, purpose: 'dialogue', facts: { trigger: 'greeting', map: 'prontera', ...facts },
});
const decision = (facts: Record<string, string | number> = {}): AiRequest => ({
  requestId: `req-${++n}`, actorId: `npc:${n}`, purpose: 'decision', facts, options: ['work', 'trade', 'rest'],
});

describe('AiRouter', () => {
  it('runs offline by default: batched through templates, then the cache answers the same context', async () => {
    const router = new AiRouter(fast);
    const first = await router.decide(dialogue({ playerName: 'Alice' }));
    expect(first).toMatchObject({ type: 'ai.decision', tier: 'batched', provider: 'offline', fallback: false });
    expect(first.text).toBeTruthy();
    const again = await router.decide(dialogue({ playerName: ' alice ' }));
    expect(again).toMatchObject({ tier: 'cache', provider: 'offline', text: first.text, fallback: false });
    expect(router.stats().byTier).toEqual({ rules: 0, cache: 1, batched: 1, full: 0 });
  });

  it('answers obvious cases by rules without any model call', async () => {
    const provider = new CountingProvider();
    const router = new AiRouter({ ...fast, providers: [provider] });
    const d = await router.decide({ ...decision({ hp: 5, maxHp: 100 }), options: ['fight', 'flee'] });
    expect(d).toMatchObject({ tier: 'rules', provider: 'rules', choice: 'flee', fallback: false });
    expect(provider.calls).toBe(0);
  });

  it('batches concurrent distinct requests into one call, each getting its own valid answer', async () => {
    const provider = new CountingProvider();
    const router = new AiRouter({ ...fast, providers: [provider] });
    const requests = Array.from({ length: 12 }, (_, i) => decision({ gold: 2 ** i, mood: `m${i}` }));
    const decisions = await Promise.all(requests.map((r) => router.decide(r)));
    expect(provider.calls).toBe(1);
    expect(provider.requestsAnswered).toBe(12);
    decisions.forEach((d, i) => {
      expect(d.requestId).toBe(requests[i]!.requestId);
      expect(d).toMatchObject({ tier: 'batched', provider: 'groq', fallback: false });
      expect(['work', 'trade', 'rest']).toContain(d.choice);
    });
  });

  it('coalesces identical requests in flight into one model request', async () => {
    const provider = new CountingProvider();
    const router = new AiRouter({ ...fast, providers: [provider] });
    const [a, b] = await Promise.all([router.decide(dialogue({ x: 1 })), router.decide(dialogue({ x: 1 }))]);
    expect(provider.requestsAnswered).toBe(1);
    expect(a.text).toBe(b.text);
    expect(b.tier).toBe('cache');
    expect(router.stats().cache.joinedInFlight).toBe(1);
  });

  it('sends high complexity to the full tier while the budget is fine, batched when tight, nothing when exhausted', async () => {
    let now = Date.UTC(2026, 0, 1, 12);
    const cost = new CostTracker({ dailyBudgetUsd: 1, now: () => now });
    const provider = new CountingProvider();
    const router = new AiRouter({ ...fast, providers: [provider], cost });
    expect(await router.decide({ ...dialogue({ k: 1 }), complexity: 'high' })).toMatchObject({ tier: 'full', fallback: false });
    expect(await router.decide({ ...dialogue({ k: 2 }), purpose: 'quest' })).toMatchObject({ tier: 'full' });
    expect(provider.callsByTier).toEqual({ batched: 0, full: 2 });
    cost.record('groq', 'llama-3.3-70b-versatile', 0, 1_100_000); // $0.869: tight
    expect(await router.decide({ ...dialogue({ k: 3 }), complexity: 'high' })).toMatchObject({ tier: 'batched', fallback: false });
    cost.record('groq', 'llama-3.3-70b-versatile', 0, 1_000_000); // exhausted
    const degraded = await router.decide({ ...dialogue({ k: 4 }), complexity: 'high' });
    expect(degraded).toMatchObject({ tier: 'rules', provider: 'template', fallback: true });
    expect(provider.calls).toBe(3);
    expect(router.stats().fallbackReasons.budget).toBe(1);
    now += 86_400_000; // a new UTC day: the budget is back
    expect(await router.decide({ ...dialogue({ k: 5 }), complexity: 'high' })).toMatchObject({ tier: 'full', fallback: false });
  });

  it('stops calling once the hourly call limit is reached', async () => {
    const provider = new CountingProvider();
    const router = new AiRouter({ ...fast, providers: [provider], cost: new CostTracker({ callsPerHour: 2 }) });
    for (let i = 0; i < 4; i++) await router.decide(dialogue({ limit: i }));
    expect(provider.calls).toBe(2);
    expect(router.stats().fallbackReasons.budget).toBe(2);
  });

  it('falls back per request on malformed or partial replies (a wholly malformed one is a provider failure), and does not cache fallbacks', async () => {
    let reply = 'sorry, I cannot produce JSON today';
    const provider = new ScriptedProvider('groq', () => reply);
    const router = new AiRouter({ ...fast, providers: [provider] });
    const [a, b] = await Promise.all([router.decide(dialogue({ p: 1 })), router.decide(dialogue({ p: 2 }))]);
    expect(a).toMatchObject({ tier: 'rules', provider: 'template', fallback: true });
    expect(b).toMatchObject({ fallback: true });
    reply = '[{"i":1,"text":"Only the second."}]';
    const [c, d] = await Promise.all([router.decide(dialogue({ p: 1 })), router.decide(dialogue({ p: 2 }))]);
    expect(c.fallback).toBe(true);
    expect(d).toMatchObject({ tier: 'batched', text: 'Only the second.', fallback: false });
    expect(router.stats().fallbackReasons).toMatchObject({ 'providers-failed': 2, 'no-answer': 1 });
    expect(provider.calls).toHaveLength(2);
  });

  it('a provider answering 200 with garbage is a failure: the breaker counts it and the next provider answers', async () => {
    const garbage = new ScriptedProvider('anthropic', () => '<html>oops</html>');
    const good = new ScriptedProvider('groq', (call) => formatAnswers(call.requests.map(() => ({ text: 'Sound answer.' }))));
    const router = new AiRouter({ ...fast, providers: [garbage, good], chain: { ...fast.chain, retries: 2, failureThreshold: 2 } });
    const first = await router.decide(dialogue({ q: 1 }));
    expect(first).toMatchObject({ provider: 'groq', text: 'Sound answer.', fallback: false });
    expect(garbage.calls).toHaveLength(1); // not asked again for the same call
    await router.decide(dialogue({ q: 2 }));
    expect(router.chain.breakers.get('anthropic')!.state).toBe('open');
    await router.decide(dialogue({ q: 3 }));
    expect(garbage.calls).toHaveLength(2);
    expect(good.calls).toHaveLength(3);
  });

  it('past the purpose deadline the actor gets the fallback at once; the late answer still fills the cache', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = new ScriptedProvider('groq', (call) => formatAnswers(call.requests.map(() => ({ text: 'Worth the wait.' }))));
    const slowComplete = slow.complete.bind(slow);
    slow.complete = async (call) => {
      await gate;
      return slowComplete(call);
    };
    const router = new AiRouter({ ...fast, providers: [slow], deadlines: { dialogue: 20 } });
    const request = dialogue({ slow: 1 });
    const first = await router.decide(request);
    expect(first).toMatchObject({ fallback: true, provider: 'template' });
    expect(router.stats().fallbackReasons.deadline).toBe(1);
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await router.decide({ ...request, requestId: 'again' })).toMatchObject({ tier: 'cache', text: 'Worth the wait.', fallback: false });
  });

  it("never hands one NPC's personal line to another, by exact key or by similarity", async () => {
    const router = new AiRouter(fast);
    const facts = { npc: 'Lina', archetype: 'merchant', place: 'Geffen', mood: 'calm' };
    const lina = await router.decide({ requestId: 'a', actorId: 'npc:1', purpose: 'dialogue', facts });
    const nessa = await router.decide({ requestId: 'b', actorId: 'npc:77', purpose: 'dialogue', facts });
    expect(nessa.tier).not.toBe('cache');
    const again = await router.decide({ requestId: 'c', actorId: 'npc:1', purpose: 'dialogue', facts });
    expect(again.tier).toBe('cache');
    expect(again.text).not.toBe(lina.text); // the next of Lina's own lines, not the same one again
    // an impersonal answer (no persona) is shared
    const x = await router.decide({ requestId: 'd', actorId: 'npc:2', purpose: 'decision', facts: { hunger: 3 }, options: ['eat', 'sleep'] });
    expect((await router.decide({ requestId: 'e', actorId: 'npc:3', purpose: 'decision', facts: { hunger: 3 }, options: ['eat', 'sleep'] })).tier).toBe(x.tier === 'rules' ? 'rules' : 'cache');
  });

  it('an NPC answered from the cache says each of its lines once, then the model is asked again', async () => {
    const provider = new ScriptedProvider('groq', (call) => formatAnswers(call.requests.map(() => ({ text: 'One.', variants: ['Two.', 'Three.', 'One.', 'x'.repeat(300)] }))));
    // per conversation, as without voice packs (VoicePacks.test.ts covers the packs)
    const router = new AiRouter({ ...fast, providers: [provider], voicePacks: false });
    const facts = { npc: 'Bria', archetype: 'gossip', place: 'Payon' };
    const said: string[] = [];
    for (let i = 0; i < 4; i++) {
      const d = await router.decide({ requestId: `v${i}`, actorId: 'npc:9', purpose: 'dialogue', facts });
      expect(d).not.toHaveProperty('variants');
      said.push(d.text!);
    }
    // a repeated or too-long variant is dropped; the fourth request is a new call
    expect(said).toEqual(['One.', 'Two.', 'Three.', 'One.']);
    expect(provider.calls).toHaveLength(2);
  });

  it('cache TTLs run on world time: an answer is gone after an hour of the world, however fast it runs', async () => {
    const router = new AiRouter(fast);
    const request = dialogue({ ttl: 1 });
    await router.decide(request, { now: 0 });
    expect((await router.decide({ ...request, requestId: 'x' }, { now: 59 * 60_000 })).tier).toBe('cache');
    expect((await router.decide({ ...request, requestId: 'y' }, { now: 61 * 60_000 })).tier).not.toBe('cache');
  });

  it('rejects generated text that fails moderation, counts it and falls back', async () => {
    const provider = new ScriptedProvider('groq', (call) => formatAnswers(call.requests.map(() => ({ text: 'Visit www.cheap-zeny.com now' }))));
    const router = new AiRouter({ ...fast, providers: [provider] });
    const d = await router.decide(dialogue({ m: 1 }));
    expect(d).toMatchObject({ provider: 'template', fallback: true });
    expect(d.text).not.toMatch(/zeny/);
    expect(router.stats().moderationRejected).toBe(1);
    expect(await registry.getSingleMetricAsString('ai_moderation_rejected_total')).toMatch(/source="groq",reason="link"} [1-9]/);
    // not cached: the same context asks the model again
    await router.decide(dialogue({ m: 1 }));
    expect(provider.calls).toHaveLength(2);
  });

  it('falls back template → nearest cached decision → default behaviour', async () => {
    let down = false;
    let rejectAll = false;
    const provider = new ScriptedProvider('groq', (call) =>
      down ? new ProviderError('groq', 'HTTP 500', true, 500) : formatAnswers(call.requests.map(() => ({ text: 'Good day.' }))),
    );
    const router = new AiRouter({ ...fast, providers: [provider], moderate: () => (rejectAll ? { ok: false, reason: 'test' } : { ok: true }) });
    await router.decide(dialogue({ mood: 'calm', hour: 9 }));
    down = true;
    const viaTemplate = await router.decide(dialogue({ mood: 'angry', hour: 22, weather: 'storm', topic: 'orcs' }));
    expect(viaTemplate).toMatchObject({ provider: 'template', fallback: true });
    rejectAll = true; // templates rejected too (even "Good day." now): the nearest cached answer is used as is
    const viaCache = await router.decide(dialogue({ mood: 'sad', hour: 23, weather: 'fog', topic: 'taxes' }));
    expect(viaCache).toMatchObject({ tier: 'cache', provider: 'cache', text: 'Good day.', fallback: true });
    // nothing cached for this purpose and option set: the actor's default behaviour (first option, no words)
    const viaDefault = await router.decide({ ...dialogue({ mood: 'sad' }), purpose: 'story', options: ['gossip', 'silence'] });
    expect(viaDefault).toMatchObject({ tier: 'rules', provider: 'default', choice: 'gossip', fallback: true });
    expect(viaDefault.text).toBeUndefined();
    expect(router.stats().fallbackReasons['providers-failed']).toBe(3);
  });

  it('records decisions by effect id and replays them without asking again', async () => {
    const recorder = new MemoryDecisionRecorder();
    const provider = new CountingProvider();
    const live = new AiRouter({ ...fast, providers: [provider], recorder });
    const request = dialogue({ r: 1 });
    const first = await live.decide(request, { effectId: 'npc:1#10.0' });
    const again = await live.decide({ ...request, facts: { changed: true } }, { effectId: 'npc:1#10.0' });
    expect(again).toEqual(first);
    expect(provider.calls).toBe(1);

    const replayProvider = new CountingProvider();
    const replay = new AiRouter({ ...fast, providers: [replayProvider], recorder, mode: 'replay' });
    expect(await replay.decide(request, { effectId: 'npc:1#10.0' })).toEqual(first);
    const missing = await replay.decide(dialogue({ r: 2 }), { effectId: 'npc:1#11.0' });
    expect(missing).toMatchObject({ provider: 'template', fallback: true });
    expect(replayProvider.calls).toBe(0);
    expect(replay.stats().replayed).toBe(1);
  });

  it('updates llm_api_calls_total and decision_cache_hit_rate', async () => {
    const router = new AiRouter({ ...fast, providers: [new CountingProvider({ name: 'metrics-probe' })] });
    await router.decide(dialogue({ metric: 1 }));
    await router.decide(dialogue({ metric: 1 }));
    const calls = await registry.getSingleMetricAsString('llm_api_calls_total');
    expect(calls).toMatch(/provider="metrics-probe",model="llama-3.1-8b-instant",tier="batched",outcome="ok"} 1/);
    expect(await registry.getSingleMetricAsString('decision_cache_hit_rate')).toMatch(/decision_cache_hit_rate 0\.5/);
  });
});

describe('AiRouter with a failing recorder', () => {
  it('still answers when the recorder cannot be read or written', async () => {
    const broken = {
      get: async () => {
        throw new Error('db down');
      },
      record: async () => {
        throw new Error('db down');
      },
    };
    const router = new AiRouter({ ...fast, recorder: broken });
    const d = await router.decide(dialogue({ broken: 1 }), { effectId: 'npc:9#1.0' });
    expect(d).toMatchObject({ type: 'ai.decision', fallback: false });
    expect(d.text).toBeTruthy();
  });
});
