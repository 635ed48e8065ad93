import type { AiRequest } from '../types.ts';

/**
 * One LLM backend as the AI layer sees it: a prompt in, text and token usage out. Everything else (which
 * model per tier, retries, circuit breaking, cost) lives around it, so a provider stays a thin adapter.
 */

export type LlmTier = 'batched' | 'full';

export interface LlmCall {
  tier: LlmTier;
  system: string;
  prompt: string;
  maxTokens: number;
  /** the requests the prompt asks about, in prompt order, for providers that do not read prose (offline, fakes) */
  requests: AiRequest[];
}

export interface LlmResult {
  text: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
}

/** What an SDK-backed provider is built from; `models` overrides its default model per tier. */
export interface SdkProviderOptions {
  apiKey: string;
  baseURL?: string;
  timeoutMs?: number;
  models?: Partial<Record<LlmTier, string>>;
}

export interface Provider {
  /** `anthropic`, `groq`, `offline`, … (a metrics label) */
  readonly name: string;
  /** false for providers that cost nothing and need no network (offline): they skip budget and call limits */
  readonly billable: boolean;
  modelFor(tier: LlmTier): string;
  complete(call: LlmCall, signal?: AbortSignal): Promise<LlmResult>;
}

/** A failed call, classified once here so retry and breaker logic never inspect SDK error types. */
export class ProviderError extends Error {
  constructor(
    readonly provider: string,
    message: string,
    /** worth another attempt: rate limits, server errors, timeouts, dropped connections */
    readonly retryable: boolean,
    readonly status?: number,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(`${provider}: ${message}`, options);
    this.name = 'ProviderError';
    this.retryAfterMs = options?.retryAfterMs;
  }

  /** what the provider's `Retry-After` (or `retry-after-ms`) header asked for */
  readonly retryAfterMs?: number;
}

/** `Retry-After` in seconds or as an HTTP date, or `retry-after-ms` (both SDKs' servers send these on 429/503). */
export function retryAfterOf(headers: unknown, now = Date.now()): number | undefined {
  const get = (name: string): string | null | undefined =>
    headers && typeof (headers as Headers).get === 'function' ? (headers as Headers).get(name) : (headers as Record<string, string> | undefined)?.[name];
  const ms = Number(get('retry-after-ms'));
  if (get('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms;
  const value = get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Both SDKs throw `APIError`s with an HTTP `status` (undefined for timeouts and connection failures). */
export function classifySdkError(provider: string, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const status = typeof (error as { status?: unknown })?.status === 'number' ? (error as { status: number }).status : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  if (status === undefined) {
    const aborted = name === 'APIUserAbortError' || name === 'AbortError';
    return new ProviderError(provider, `${name || 'error'}: ${message}`, !aborted, undefined, { cause: error });
  }
  const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
  const retryAfterMs = retryAfterOf((error as { headers?: unknown }).headers);
  return new ProviderError(provider, `HTTP ${status}: ${message}`, retryable, status, { cause: error, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
}
