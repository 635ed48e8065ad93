import Groq from 'groq-sdk';
import { classifySdkError, ProviderError, type LlmCall, type LlmResult, type LlmTier, type Provider, type SdkProviderOptions } from './Provider.ts';

/**
 * Groq's OpenAI-style chat completions through the official SDK (`groq-sdk`, CommonJS, imports fine from ESM).
 * SDK retries are off for the same reason as in AnthropicProvider: the chain owns retries and the breaker.
 *
 * @example
 * const groq = new GroqProvider({ apiKey: process.env.GROQ_API_KEY!, baseURL: process.env.GROQ_BASE_URL });
 */

export const GROQ_MODELS: Record<LlmTier, string> = {
  batched: 'llama-3.1-8b-instant',
  full: 'llama-3.3-70b-versatile',
};

export class GroqProvider implements Provider {
  readonly name = 'groq';
  readonly billable = true;
  private readonly client: Groq;
  private readonly models: Record<LlmTier, string>;

  constructor(options: SdkProviderOptions) {
    this.client = new Groq({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs ?? 20_000,
      maxRetries: 0,
    });
    this.models = { ...GROQ_MODELS, ...options.models };
  }

  modelFor(tier: LlmTier): string {
    return this.models[tier];
  }

  async complete(call: LlmCall, signal?: AbortSignal): Promise<LlmResult> {
    const model = this.modelFor(call.tier);
    let response: Groq.Chat.ChatCompletion;
    try {
      response = await this.client.chat.completions.create(
        {
          model,
          max_tokens: call.maxTokens,
          messages: [
            { role: 'system', content: call.system },
            { role: 'user', content: call.prompt },
          ],
        },
        { signal },
      );
    } catch (error) {
      throw classifySdkError(this.name, error);
    }
    const text = response.choices?.[0]?.message?.content ?? '';
    if (!text) throw new ProviderError(this.name, 'reply has no message content', true);
    return {
      text,
      model: response.model ?? model,
      inputTokens: response.usage?.prompt_tokens ?? 0,
      outputTokens: response.usage?.completion_tokens ?? 0,
    };
  }
}
