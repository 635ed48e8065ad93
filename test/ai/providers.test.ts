import { afterEach, describe, expect, it } from 'vitest';
import { AiRouter } from '../../ai/AiRouter.ts';
import { CostTracker } from '../../ai/CostTracker.ts';
import { buildCall } from '../../ai/prompts.ts';
import { AnthropicProvider } from '../../ai/providers/AnthropicProvider.ts';
import { GroqProvider } from '../../ai/providers/GroqProvider.ts';
import { ProviderError } from '../../ai/providers/Provider.ts';
import { ProviderChain } from '../../ai/ProviderChain.ts';
import { startFakeAnthropic, startFakeGroq, type FakeScript, type FakeServer } from '../../ai/testing/fakeLlmServers.ts';
import type { AiRequest } from '../../ai/types.ts';

/**
 * The real SDKs (@anthropic-ai/sdk, groq-sdk) against fake HTTP servers on 127.0.0.1: the wire formats, error
 * classification, retries, the circuit breaker and the fallback chain, as production would exercise them.
 */

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function anthropicFake(script?: FakeScript) {
  const fake = await startFakeAnthropic({ script });
  servers.push(fake);
  return { fake, provider: new AnthropicProvider({ apiKey: 'test-key', baseURL: fake.url, timeoutMs: 300 }) };
}
async function groqFake(script?: FakeScript) {
  const fake = await startFakeGroq({ script });
  servers.push(fake);
  return { fake, provider: new GroqProvider({ apiKey: 'test-key', baseURL: fake.url, timeoutMs: 300 }) };
}

const requests: AiRequest[] = [
  { requestId: 'a', actorId: 'npc:1', purpose: 'dialogue', facts: { playerName: 'Alice', map: 'prontera' } },
  { requestId: 'b', actorId: 'npc:2', purpose: 'decision', facts: { weather: 'rain' }, options: ['work', 'rest'] },
];
const noSleep = async () => {};

describe('providers over HTTP', () => {
  it('Anthropic: POST /v1/messages with system, user prompt, model per tier; text and usage back', async () => {
    const { fake, provider } = await anthropicFake();
    const result = await provider.complete(buildCall(requests, 'batched'));
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.path).toBe('/v1/messages');
    expect(fake.calls[0]!.apiKey).toBe('test-key');
    expect(fake.calls[0]!.body).toMatchObject({ model: 'claude-haiku-4-5', system: expect.stringContaining('JSON array'), messages: [{ role: 'user' }] });
    expect(JSON.parse(result.text)).toHaveLength(2);
    expect(result.inputTokens).toBeGreaterThan(0);
    expect(result.outputTokens).toBeGreaterThan(0);
    await provider.complete(buildCall(requests.slice(0, 1), 'full'));
    expect(fake.calls[1]!.body.model).toBe('claude-sonnet-4-6');
  });

  it('Groq: POST /openai/v1/chat/completions with system and user messages; text and usage back', async () => {
    const { fake, provider } = await groqFake();
    const result = await provider.complete(buildCall(requests, 'batched'));
    expect(fake.calls[0]!.path).toBe('/openai/v1/chat/completions');
    expect(fake.calls[0]!.apiKey).toBe('test-key');
    expect(fake.calls[0]!.body).toMatchObject({ model: 'llama-3.1-8b-instant', messages: [{ role: 'system' }, { role: 'user' }] });
    expect(result).toMatchObject({ model: 'llama-3.1-8b-instant' });
    expect(result.inputTokens).toBeGreaterThan(0);
  });

  it('classifies 429/500/timeouts as retryable and 400/401 as final', async () => {
    const statuses = [429, 500, 401, 400];
    const { provider } = await anthropicFake(({ n }) => (n < statuses.length ? { status: statuses[n] } : { delayMs: 2_000 }));
    const errors: ProviderError[] = [];
    for (let i = 0; i < 5; i++) errors.push(await provider.complete(buildCall(requests, 'batched')).then(() => { throw new Error('expected a failure'); }, (e: ProviderError) => e));
    expect(errors.map((e) => [e.status, e.retryable])).toEqual([[429, true], [500, true], [401, false], [400, false], [undefined, true]]);
    expect(errors.every((e) => e instanceof ProviderError)).toBe(true);
  });

  it('retries a 429 with backoff and succeeds on the same provider', async () => {
    const { fake, provider } = await groqFake(({ n }) => (n === 0 ? { status: 429, body: { error: { message: 'rate limited' } } } : undefined));
    const delays: number[] = [];
    const chain = new ProviderChain([provider], { sleep: async (ms) => void delays.push(ms), baseDelayMs: 100 });
    const { provider: used } = await chain.complete(buildCall(requests, 'batched'));
    expect(used.name).toBe('groq');
    expect(fake.calls).toHaveLength(2);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(50);
    expect(delays[0]).toBeLessThanOrEqual(100);
  });

  it('honours Retry-After: waits what the provider asked, or moves on to the next provider when that is too long', async () => {
    const { fake, provider } = await anthropicFake(({ n }) => (n === 0 ? { status: 429, headers: { 'retry-after': '3' } } : n === 2 ? { status: 503, headers: { 'retry-after': '120' } } : undefined));
    const { fake: backup, provider: groq } = await groqFake();
    const delays: number[] = [];
    const chain = new ProviderChain([provider, groq], { sleep: async (ms) => void delays.push(ms), baseDelayMs: 100 });
    expect((await chain.complete(buildCall(requests, 'batched'))).provider.name).toBe('anthropic');
    expect(delays).toEqual([3000]);
    // 120 s is longer than retrying is worth: the next provider answers without the wait
    expect((await chain.complete(buildCall(requests, 'batched'))).provider.name).toBe('groq');
    expect(delays).toEqual([3000]);
    expect(fake.calls).toHaveLength(3);
    expect(backup.calls).toHaveLength(1);
  });

  it('falls back to the next provider on a timeout, without retrying a 401', async () => {
    const slow = await anthropicFake(() => ({ delayMs: 2_000 }));
    const denied = await groqFake(() => ({ status: 401 }));
    const good = await anthropicFake();
    const chain = new ProviderChain([slow.provider, denied.provider, good.provider], { sleep: noSleep, retries: 1 });
    // two providers named "anthropic" share a breaker name; that is fine here, the chain still walks in order
    const { result } = await chain.complete(buildCall(requests, 'batched'));
    expect(JSON.parse(result.text)).toHaveLength(2);
    expect(slow.fake.calls).toHaveLength(2); // first try + one retry, both timed out
    expect(denied.fake.calls).toHaveLength(1); // 401 is not retried
    expect(good.fake.calls).toHaveLength(1);
  });

  it('opens the breaker after 5 failures (skipping the provider for 60 s), then a half-open probe closes it', async () => {
    let anthropicDown = true;
    const anthropic = await anthropicFake(() => (anthropicDown ? { status: 500 } : undefined));
    const groq = await groqFake();
    let now = 0;
    const chain = new ProviderChain([anthropic.provider, groq.provider], { sleep: noSleep, retries: 2, now: () => now });
    const call = buildCall(requests, 'batched');
    expect((await chain.complete(call)).provider.name).toBe('groq'); // 3 failed attempts
    expect((await chain.complete(call)).provider.name).toBe('groq'); // 2 more: the 5th opens the breaker
    expect(anthropic.fake.calls).toHaveLength(5);
    expect(chain.breakers.get('anthropic')!.state).toBe('open');
    anthropicDown = false;
    now += 30_000;
    expect((await chain.complete(call)).provider.name).toBe('groq');
    expect(anthropic.fake.calls).toHaveLength(5); // open: not even tried
    now += 30_000;
    expect(chain.breakers.get('anthropic')!.state).toBe('half-open');
    expect((await chain.complete(call)).provider.name).toBe('anthropic'); // the probe succeeds
    expect(chain.breakers.get('anthropic')!.state).toBe('closed');
    expect(anthropic.fake.calls).toHaveLength(6);
  });

  it('survives a 200 with a malformed JSON body: retried, then the next provider answers', async () => {
    const broken = await anthropicFake(() => ({ raw: '{"id": "msg_1", "content": [ {"type": "te' }));
    const groq = await groqFake();
    const chain = new ProviderChain([broken.provider, groq.provider], { sleep: noSleep, retries: 1 });
    const { provider } = await chain.complete(buildCall(requests, 'batched'));
    expect(provider.name).toBe('groq');
    expect(broken.fake.calls).toHaveLength(2);
  });
});

describe('the router over real SDKs', () => {
  it('answers a batch of requests with one HTTP call and records its cost', async () => {
    const { fake, provider } = await groqFake();
    const cost = new CostTracker();
    const router = new AiRouter({ providers: [provider], cost, chain: { sleep: noSleep }, batchWindowMs: 10 });
    const batch = Array.from({ length: 6 }, (_, i): AiRequest => ({ requestId: `r${i}`, actorId: `npc:${i}`, purpose: 'decision', facts: { i }, options: ['work', 'rest'] }));
    const decisions = await Promise.all(batch.map((r) => router.decide(r)));
    expect(fake.calls).toHaveLength(1);
    expect(decisions.map((d) => [d.tier, d.provider, d.choice, d.fallback])).toEqual(batch.map(() => ['batched', 'groq', 'work', false]));
    const [line] = cost.report();
    expect(line).toMatchObject({ provider: 'groq', model: 'llama-3.1-8b-instant', calls: 1 });
    expect(line!.usd).toBeGreaterThan(0);
    expect(cost.callsInLastHour()).toBe(1);
  });

  it('falls back (never crashes) when the model text is not the JSON asked for, then recovers', async () => {
    let garbage = true;
    const { provider } = await anthropicFake(() => (garbage ? { text: 'Certainly! Here are the answers: 1) hello 2) work' } : undefined));
    const router = new AiRouter({ providers: [provider], chain: { sleep: noSleep }, batchWindowMs: 5 });
    const bad = await Promise.all(requests.map((r) => router.decide(r)));
    expect(bad.every((d) => d.fallback && d.provider === 'template')).toBe(true);
    expect(bad[1]!.choice).toMatch(/^(work|rest)$/);
    garbage = false;
    const good = await Promise.all(requests.map((r) => router.decide({ ...r, requestId: `${r.requestId}-2` })));
    expect(good.map((d) => [d.provider, d.fallback])).toEqual([['anthropic', false], ['anthropic', false]]);
  });

  it('keeps every world running when all providers are down: template answers, counted as fallbacks', async () => {
    const anthropic = await anthropicFake(() => ({ status: 503 }));
    const groq = await groqFake(() => ({ status: 500 }));
    const router = new AiRouter({ providers: [anthropic.provider, groq.provider], chain: { sleep: noSleep, retries: 1 }, batchWindowMs: 5 });
    const decisions = await Promise.all(requests.map((r) => router.decide(r)));
    expect(decisions.map((d) => d.requestId)).toEqual(['a', 'b']);
    expect(decisions.every((d) => d.fallback)).toBe(true);
    // two batches (one per purpose) × two providers × (first try + one retry)
    expect(router.stats()).toMatchObject({ fallbacks: 2, llmCalls: 8, llmFailures: 8 });
    expect(anthropic.fake.calls).toHaveLength(4);
    expect(groq.fake.calls).toHaveLength(4);
  });
});
