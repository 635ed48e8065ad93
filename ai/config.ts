import { z } from 'zod';
import { AiRouter, type AiRouterOptions } from './AiRouter.ts';
import { CostTracker } from './CostTracker.ts';
import { DecisionCache } from './DecisionCache.ts';
import { AnthropicProvider } from './providers/AnthropicProvider.ts';
import { GroqProvider } from './providers/GroqProvider.ts';
import { OfflineProvider } from './providers/OfflineProvider.ts';
import type { LlmTier, Provider } from './providers/Provider.ts';
import type { Cache, RateLimitStore } from '../persistence/types.ts';
import { CacheSpendLedger, type SpendLedger } from './SpendLedger.ts';
import { WorldTime } from './WorldTime.ts';

/**
 * Building the AI layer from the environment. With no API key the world runs on the offline provider and
 * never touches the network. With keys, the chain follows `MIDGARD_AI_PROVIDERS` (default `anthropic,groq`),
 * keeping only providers that have a key.
 *
 * | variable | default |
 * |---|---|
 * | ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL | unset, SDK default URL |
 * | GROQ_API_KEY, GROQ_BASE_URL | unset, SDK default URL |
 * | MIDGARD_AI_PROVIDERS | anthropic,groq |
 * | MIDGARD_AI_DAILY_BUDGET_USD | 10 |
 * | MIDGARD_AI_CALLS_PER_HOUR | 1000 |
 * | MIDGARD_AI_TIMEOUT_MS | 20000 (one HTTP attempt; the router's deadline per purpose bounds the whole decision) |
 * | MIDGARD_AI_MODELS | the providers' defaults, e.g. `anthropic.full=claude-sonnet-4-6,anthropic.batched=claude-haiku-4-5,groq.full=…` |
 *
 * The day's spend is kept in the `l2` cache (Redis when configured) and the hourly limit counted in `rateLimits`,
 * so neither resets on a restart nor multiplies with the number of processes.
 *
 * @example
 * const router = aiRouterFromEnv(process.env, { l2: redisCache, recorder });
 */

const envSchema = z.object({
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_BASE_URL: z.url().optional(),
  GROQ_API_KEY: z.string().min(1).optional(),
  GROQ_BASE_URL: z.url().optional(),
  MIDGARD_AI_PROVIDERS: z.string().default('anthropic,groq'),
  MIDGARD_AI_DAILY_BUDGET_USD: z.coerce.number().nonnegative().default(10),
  MIDGARD_AI_CALLS_PER_HOUR: z.coerce.number().int().nonnegative().default(1000),
  MIDGARD_AI_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  MIDGARD_AI_MODELS: z.string().optional(),
});

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

export function providersFromEnv(env: Record<string, string | undefined>, worldSeed?: number): Provider[] {
  const config = parseEnv(env);
  const providers: Provider[] = [];
  const models = parseModels(config.MIDGARD_AI_MODELS);
  for (const name of config.MIDGARD_AI_PROVIDERS.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (name === 'anthropic' && config.ANTHROPIC_API_KEY) {
      providers.push(new AnthropicProvider({ apiKey: config.ANTHROPIC_API_KEY, baseURL: config.ANTHROPIC_BASE_URL, timeoutMs: config.MIDGARD_AI_TIMEOUT_MS, models: models.anthropic }));
    } else if (name === 'groq' && config.GROQ_API_KEY) {
      providers.push(new GroqProvider({ apiKey: config.GROQ_API_KEY, baseURL: config.GROQ_BASE_URL, timeoutMs: config.MIDGARD_AI_TIMEOUT_MS, models: models.groq }));
    } else if (name !== 'anthropic' && name !== 'groq' && name !== 'offline') {
      throw new Error(`MIDGARD_AI_PROVIDERS: unknown provider "${name}" (known: anthropic, groq, offline)`);
    }
  }
  return providers.length ? providers : [new OfflineProvider({ worldSeed })];
}

export function aiRouterFromEnv(
  env: Record<string, string | undefined>,
  extra: Omit<AiRouterOptions, 'providers' | 'cost'> & { l2?: Cache; rateLimits?: RateLimitStore; ledger?: SpendLedger } = {},
): AiRouter {
  const config = parseEnv(env);
  const { l2, rateLimits, ledger, ...options } = extra;
  const time = options.time ?? new WorldTime();
  const cost = new CostTracker({
    dailyBudgetUsd: config.MIDGARD_AI_DAILY_BUDGET_USD,
    callsPerHour: config.MIDGARD_AI_CALLS_PER_HOUR,
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
    providers: providersFromEnv(env, options.worldSeed),
    cost,
    cache: options.cache ?? new DecisionCache({ l2, now: time.now }),
  });
}

function parseEnv(env: Record<string, string | undefined>) {
  // empty strings (VAR= in a .env file) mean unset
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new Error(`invalid AI configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
