import Anthropic from '@anthropic-ai/sdk';
import { classifySdkError, ProviderError, type LlmCall, type LlmResult, type LlmTier, type Provider, type SdkProviderOptions } from './Provider.ts';

/**
 * Anthropic's Messages API through the official SDK. The SDK's own retries are off (`maxRetries: 0`): the
 * provider chain retries with backoff and feeds the circuit breaker, which must see every failure.
 *
 * @example
 * const anthropic = new AnthropicProvider({ apiKey: process.env.ANTHROPIC_API_KEY!, baseURL: process.env.ANTHROPIC_BASE_URL });
 */

/**
 * Defaults: current models of the installed SDK's model list, none of them in its deprecation table
 * (`claude-sonnet-4-5` reached end of life on 2026-11-30; `claude-3-5-haiku-*` is no longer listed). Override
 * with `MIDGARD_AI_MODELS` (ai/config.ts); `test/ai/models.test.ts` checks these against the SDK.
 */
export const ANTHROPIC_MODELS: Record<LlmTier, string> = {
  batched: 'claude-haiku-4-5',
  full: 'claude-sonnet-4-6',
};

export class AnthropicProvider implements Provider {
  readonly name = 'anthropic';
  readonly billable = true;
  private readonly client: Anthropic;
  private readonly models: Record<LlmTier, string>;

  constructor(options: SdkProviderOptions) {
    this.client = new Anthropic({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs ?? 20_000,
      maxRetries: 0,
    });
    this.models = { ...ANTHROPIC_MODELS, ...options.models };
  }

  modelFor(tier: LlmTier): string {
    return this.models[tier];
  }

  async complete(call: LlmCall, signal?: AbortSignal): Promise<LlmResult> {
    const model = this.modelFor(call.tier);
    let response: Anthropic.Message;
    try {
      response = await this.client.messages.create(
        { model, max_tokens: call.maxTokens, system: call.system, messages: [{ role: 'user', content: call.prompt }] },
        { signal },
      );
    } catch (error) {
      throw classifySdkError(this.name, error);
    }
    const text = (response.content ?? [])
      .map((block) => (block.type === 'text' ? block.text : ''))
      .join('');
    if (!text) throw new ProviderError(this.name, 'reply has no text content', true);
    return {
      text,
      model: response.model ?? model,
      inputTokens: response.usage?.input_tokens ?? 0,
      outputTokens: response.usage?.output_tokens ?? 0,
    };
  }
}
