import { formatAnswers } from '../prompts.ts';
import { templateAnswer } from '../templates.ts';
import type { LlmCall, LlmResult, LlmTier, Provider } from './Provider.ts';

/**
 * The default provider when no API key is set: seeded templates and rules, no network, no cost. It answers in
 * the same JSON format an LLM is asked for, so the whole pipeline (batching, parsing, validation, moderation,
 * caching) runs identically offline and online.
 *
 * @example
 * const router = new AiRouter({ providers: [new OfflineProvider({ worldSeed: 42 })] });
 */

export class OfflineProvider implements Provider {
  readonly name = 'offline';
  readonly billable = false;
  private readonly worldSeed: number;

  constructor(options: { worldSeed?: number } = {}) {
    this.worldSeed = options.worldSeed ?? 0;
  }

  modelFor(_tier: LlmTier): string {
    return 'templates';
  }

  async complete(call: LlmCall): Promise<LlmResult> {
    const text = formatAnswers(call.requests.map((request) => templateAnswer(request, this.worldSeed)));
    return {
      text,
      model: 'templates',
      // rough token estimate (≈ 4 characters each), for reports only: offline calls cost nothing
      inputTokens: Math.ceil((call.system.length + call.prompt.length) / 4),
      outputTokens: Math.ceil(text.length / 4),
    };
  }
}
