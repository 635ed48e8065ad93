import { z } from 'zod';
import { AiRouter, type AiRouterOptions } from './AiRouter.ts';
import { CostTracker } from './CostTracker.ts';
import { DecisionCache } from './DecisionCache.ts';
import { AnthropicProvider } from './providers/AnthropicProvider.ts';
import { GroqProvider } from './providers/GroqProvider.ts';
import { OfflineProvider } from './providers/OfflineProvider.ts';
import type { Provider } from './providers/Provider.ts';
import type { Cache } from '../persistence/types.ts';

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
 * | MIDGARD_AI_TIMEOUT_MS | 20000 |
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
});

export function providersFromEnv(env: Record<string, string | undefined>): Provider[] {
  const config = parseEnv(env);
  const providers: Provider[] = [];
  for (const name of config.MIDGARD_AI_PROVIDERS.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (name === 'anthropic' && config.ANTHROPIC_API_KEY) {
      providers.push(new AnthropicProvider({ apiKey: config.ANTHROPIC_API_KEY, baseURL: config.ANTHROPIC_BASE_URL, timeoutMs: config.MIDGARD_AI_TIMEOUT_MS }));
    } else if (name === 'groq' && config.GROQ_API_KEY) {
      providers.push(new GroqProvider({ apiKey: config.GROQ_API_KEY, baseURL: config.GROQ_BASE_URL, timeoutMs: config.MIDGARD_AI_TIMEOUT_MS }));
    } else if (name !== 'anthropic' && name !== 'groq' && name !== 'offline') {
      throw new Error(`MIDGARD_AI_PROVIDERS: unknown provider "${name}" (known: anthropic, groq, offline)`);
    }
  }
  return providers.length ? providers : [new OfflineProvider()];
}

export function aiRouterFromEnv(
  env: Record<string, string | undefined>,
  extra: Omit<AiRouterOptions, 'providers' | 'cost'> & { l2?: Cache } = {},
): AiRouter {
  const config = parseEnv(env);
  const { l2, ...options } = extra;
  return new AiRouter({
    ...options,
    providers: providersFromEnv(env),
    cost: new CostTracker({ dailyBudgetUsd: config.MIDGARD_AI_DAILY_BUDGET_USD, callsPerHour: config.MIDGARD_AI_CALLS_PER_HOUR }),
    cache: options.cache ?? new DecisionCache({ l2 }),
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
