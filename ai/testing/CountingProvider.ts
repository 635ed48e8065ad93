import { formatAnswers } from '../prompts.ts';
import type { LlmCall, LlmResult, LlmTier, Provider } from '../providers/Provider.ts';
import { templateAnswer } from '../templates.ts';

/**
 * An in-process stand-in for a billable provider, for benchmarks and tests: answers every request correctly
 * (templates in the LLM wire format), reports token usage from the prompt size (≈ 4 characters per token) and
 * counts calls and requests, optionally after a simulated latency.
 *
 * @example
 * const groq = new CountingProvider({ name: 'groq', models: { batched: 'llama-3.1-8b-instant', full: 'llama-3.3-70b-versatile' } });
 * const router = new AiRouter({ providers: [groq] });
 */

export class CountingProvider implements Provider {
  readonly billable = true;
  readonly name: string;
  calls = 0;
  requestsAnswered = 0;
  readonly callsByTier: Record<LlmTier, number> = { batched: 0, full: 0 };
  private readonly models: Record<LlmTier, string>;
  private readonly latencyMs: number;

  constructor(options: { name?: string; models?: Record<LlmTier, string>; latencyMs?: number } = {}) {
    this.name = options.name ?? 'groq';
    this.models = options.models ?? { batched: 'llama-3.1-8b-instant', full: 'llama-3.3-70b-versatile' };
    this.latencyMs = options.latencyMs ?? 0;
  }

  modelFor(tier: LlmTier): string {
    return this.models[tier];
  }

  async complete(call: LlmCall): Promise<LlmResult> {
    this.calls++;
    this.callsByTier[call.tier]++;
    this.requestsAnswered += call.requests.length;
    if (this.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const text = formatAnswers(call.requests.map((request) => templateAnswer(request)));
    return {
      text,
      model: this.modelFor(call.tier),
      inputTokens: Math.ceil((call.system.length + call.prompt.length) / 4),
      outputTokens: Math.ceil(text.length / 4),
    };
  }
}
