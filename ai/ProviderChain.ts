import { log } from '../runtime/log.ts';
import { CircuitBreaker } from './CircuitBreaker.ts';
import { ProviderError, type LlmCall, type LlmResult, type Provider } from './providers/Provider.ts';

/**
 * Providers in order of preference, each behind its own circuit breaker, each call retried with exponential
 * backoff and jitter on retryable failures (429, 5xx, timeouts; never sooner than a `Retry-After` asks), then the
 * next provider. A reply that `validate` rejects (malformed) counts as a failure and moves on to the next provider. Every attempt is
 * reported through `onAttempt` so metrics and cost see failures too.
 *
 * @example
 * const chain = new ProviderChain([anthropic, groq], { retries: 2 });
 * const { result, provider } = await chain.complete(call, { allow: (p) => !p.billable || budget.allows() });
 */

export interface ProviderChainOptions {
  /** extra attempts per provider after the first (default 2) */
  retries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** the breakers' clock; tests pass a fake one */
  now?: () => number;
  failureThreshold?: number;
  openMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** jitter source; defaults to Math.random (wall-clock I/O code, not a machine) */
  random?: () => number;
  /** a Retry-After longer than this (default 10 s) moves on to the next provider instead of waiting */
  maxRetryAfterMs?: number;
}

export interface Attempt {
  provider: Provider;
  model: string;
  ok: boolean;
  result?: LlmResult;
  error?: ProviderError;
}

export class AllProvidersFailed extends Error {
  constructor(readonly errors: ProviderError[]) {
    super(errors.length ? `all providers failed: ${errors.map((e) => e.message).join('; ')}` : 'no provider available');
    this.name = 'AllProvidersFailed';
  }
}

export class ProviderChain {
  readonly breakers = new Map<string, CircuitBreaker>();
  private readonly retries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly maxRetryAfterMs: number;

  constructor(readonly providers: Provider[], options: ProviderChainOptions = {}) {
    if (providers.length === 0) throw new Error('ProviderChain needs at least one provider');
    this.retries = options.retries ?? 2;
    this.baseDelayMs = options.baseDelayMs ?? 250;
    this.maxDelayMs = options.maxDelayMs ?? 4_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 10_000;
    for (const provider of providers) {
      this.breakers.set(
        provider.name,
        new CircuitBreaker({ now: options.now, failureThreshold: options.failureThreshold, openMs: options.openMs }),
      );
    }
  }

  /**
   * First success along the chain. `allow` can veto a provider before any attempt (budget, hourly limit);
   * `onAttempt` hears every attempt, failed or not.
   */
  async complete(
    call: LlmCall,
    hooks: {
      allow?: (provider: Provider) => boolean;
      onAttempt?: (attempt: Attempt) => void;
      /** a reason when a reply is unusable (malformed): counted as a failure, and the next provider is asked */
      validate?: (result: LlmResult) => string | undefined;
    } = {},
  ): Promise<{ result: LlmResult; provider: Provider }> {
    const errors: ProviderError[] = [];
    for (const provider of this.providers) {
      const breaker = this.breakers.get(provider.name)!;
      for (let attempt = 0; attempt <= this.retries; attempt++) {
        // budget and call limit are checked before every attempt: a retry is another billed call
        if (hooks.allow && !hooks.allow(provider)) break;
        if (!breaker.tryAcquire()) break; // open: skip to the next provider without waiting
        try {
          const result = await provider.complete(call);
          const problem = hooks.validate?.(result);
          if (problem) {
            // paid for and useless: the breaker must see it, and the same provider is not asked again for this call
            breaker.failure();
            const error = new ProviderError(provider.name, `malformed reply: ${problem}`, false);
            errors.push(error);
            hooks.onAttempt?.({ provider, model: result.model, ok: false, result, error });
            log.warn({ provider: provider.name, attempt }, 'ai: provider reply unusable; trying the next provider');
            break;
          }
          breaker.success();
          hooks.onAttempt?.({ provider, model: result.model, ok: true, result });
          return { result, provider };
        } catch (caught) {
          const error = caught instanceof ProviderError ? caught : new ProviderError(provider.name, String(caught), true, undefined, { cause: caught });
          breaker.failure();
          errors.push(error);
          hooks.onAttempt?.({ provider, model: provider.modelFor(call.tier), ok: false, error });
          log.warn({ provider: provider.name, attempt, status: error.status, retryable: error.retryable }, 'ai: provider call failed');
          if (!error.retryable || attempt === this.retries) break;
          // Retry-After is the provider telling us when it will answer: wait that long, unless it is longer than
          // retrying is worth, then the next provider answers instead
          const wait = Math.max(this.backoff(attempt), error.retryAfterMs ?? 0);
          if (wait > this.maxRetryAfterMs) break;
          await this.sleep(wait);
        }
      }
    }
    throw new AllProvidersFailed(errors);
  }

  /** Full jitter: a random delay up to base·2^attempt, so clients that failed together do not retry together. */
  private backoff(attempt: number): number {
    const cap = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** attempt);
    return Math.round(cap / 2 + (this.random() * cap) / 2);
  }
}
