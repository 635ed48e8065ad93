import { loadSettings, type Env, type Settings } from '../app/settings.ts';
import { AiRouter, type AiRouterOptions } from './AiRouter.ts';
import { CostTracker } from './CostTracker.ts';
import { DecisionCache } from './DecisionCache.ts';
import { OfflineProvider } from './providers/OfflineProvider.ts';
import type { LlmTier, Provider } from './providers/Provider.ts';
import type { Cache, RateLimitStore } from '../persistence/types.ts';
import { CacheSpendLedger, type SpendLedger } from './SpendLedger.ts';
import { WorldTime } from './WorldTime.ts';

/**
 * Building the AI layer from its settings (declared with every other variable in app/settings.ts). With no API key the world runs on the offline provider and
 * never touches the network. With keys, the chain follows `MIDGARD_AI_PROVIDERS` (default `anthropic,groq`),
 * keeping only providers that have a key.
 *
 * The variables (ANTHROPIC_*, GROQ_*, MIDGARD_AI_*) and their defaults are in app/settings.ts and the README.
 * MIDGARD_AI_TIMEOUT_MS bounds one HTTP attempt; the router's deadline per purpose bounds the whole decision.
 *
 * The day's spend is kept in the `l2` cache (Redis when configured) and the hourly limit counted in `rateLimits`,
 * so neither resets on a restart nor multiplies with the number of processes.
 *
 * @example
 * const router = await aiRouterFromEnv(process.env, { l2: redisCache, recorder });
 */

/** The AI layer's part of the settings (app/settings.ts declares and parses every variable once). */
export interface AiConfig {
  anthropic: { apiKey?: string; baseURL?: string };
  groq: { apiKey?: string; baseURL?: string };
  /** provider order; those without a key are skipped */
  providers: string[];
  dailyBudgetUsd: number;
  callsPerHour: number;
  timeoutMs: number;
  /** per provider and tier, from MIDGARD_AI_MODELS */
  models: Record<string, Partial<Record<LlmTier, string>>>;
}

export function aiConfigFrom(e: Settings): AiConfig {
  return {
    anthropic: { apiKey: e.ANTHROPIC_API_KEY, baseURL: e.ANTHROPIC_BASE_URL },
    groq: { apiKey: e.GROQ_API_KEY, baseURL: e.GROQ_BASE_URL },
    providers: e.MIDGARD_AI_PROVIDERS.split(',').map((s) => s.trim()).filter(Boolean),
    dailyBudgetUsd: e.MIDGARD_AI_DAILY_BUDGET_USD,
    callsPerHour: e.MIDGARD_AI_CALLS_PER_HOUR,
    timeoutMs: e.MIDGARD_AI_TIMEOUT_MS,
    models: parseModels(e.MIDGARD_AI_MODELS),
  };
}

const PROVIDERS = ['anthropic', 'groq'] as const;
const TIERS: readonly LlmTier[] = ['batched', 'full'];

/** `anthropic.full=claude-sonnet-4-6,groq.batched=llama-3.1-8b-instant` → per provider, per tier. */
export function parseModels(spec: string | undefined): Record<string, Partial<Record<LlmTier, string>>> {
  const out: Record<string, Partial<Record<LlmTier, string>>> = {};
  for (const item of (spec ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const match = /^([a-z]+)\.([a-z]+)=([A-Za-z0-9._:/-]+)$/.exec(item);
    if (!match || !PROVIDERS.includes(match[1] as never) || !TIERS.includes(match[2] as LlmTier)) {
      throw new Error(`MIDGARD_AI_MODELS: "${item}" is not <${PROVIDERS.join('|')}>.<${TIERS.join('|')}>=<model>`);
    }
    (out[match[1]!] ??= {})[match[2] as LlmTier] = match[3]!;
  }
  return out;
}

/** The provider chain; an SDK is imported only when its provider has a key (most worlds run offline, and
 * loading both SDKs cost about half a second of every start). */
export async function providersFromConfig(config: AiConfig, worldSeed?: number): Promise<Provider[]> {
  const providers: Provider[] = [];
  for (const name of config.providers) {
    if (name === 'anthropic' && config.anthropic.apiKey) {
      const { AnthropicProvider } = await import('./providers/AnthropicProvider.ts');
      providers.push(new AnthropicProvider({ apiKey: config.anthropic.apiKey, baseURL: config.anthropic.baseURL, timeoutMs: config.timeoutMs, models: config.models.anthropic }));
    } else if (name === 'groq' && config.groq.apiKey) {
      const { GroqProvider } = await import('./providers/GroqProvider.ts');
      providers.push(new GroqProvider({ apiKey: config.groq.apiKey, baseURL: config.groq.baseURL, timeoutMs: config.timeoutMs, models: config.models.groq }));
    } else if (name !== 'anthropic' && name !== 'groq' && name !== 'offline') {
      throw new Error(`MIDGARD_AI_PROVIDERS: unknown provider "${name}" (known: anthropic, groq, offline)`);
    }
  }
  return providers.length ? providers : [new OfflineProvider({ worldSeed })];
}

/** {@link providersFromConfig} on an environment (tests, tools); the world parses its settings once in app/config.ts. */
export async function providersFromEnv(env: Env, worldSeed?: number): Promise<Provider[]> {
  return providersFromConfig(aiConfigFrom(loadSettings(env)), worldSeed);
}

export async function aiRouterFromConfig(
  config: AiConfig,
  extra: Omit<AiRouterOptions, 'providers' | 'cost'> & { l2?: Cache; rateLimits?: RateLimitStore; ledger?: SpendLedger } = {},
): Promise<AiRouter> {
  const { l2, rateLimits, ledger, ...options } = extra;
  const providers = await providersFromConfig(config, options.worldSeed);
  const time = options.time ?? new WorldTime();
  const cost = new CostTracker({
    dailyBudgetUsd: config.dailyBudgetUsd,
    callsPerHour: config.callsPerHour,
    // where the day's spend survives a restart: the given ledger (the world's database), else the shared cache
    ...(ledger ? { ledger } : l2 ? { ledger: new CacheSpendLedger(l2) } : {}),
    ...(rateLimits ? { shared: rateLimits } : {}),
  });
  // the stored spend arrives before any model call can be made: the first calls wait for the batch window anyway,
  // and a restore that fails is logged and leaves the budget at zero
  void cost.restore();
  return new AiRouter({
    ...options,
    time,
    providers,
    cost,
    cache: options.cache ?? new DecisionCache({ l2, now: time.now }),
  });
}

/** {@link aiRouterFromConfig} on an environment: a bad value is an error naming the variable. */
export async function aiRouterFromEnv(env: Env, extra: Parameters<typeof aiRouterFromConfig>[1] = {}): Promise<AiRouter> {
  return aiRouterFromConfig(aiConfigFrom(loadSettings(env)), extra);
}
