import { availableParallelism, hostname } from 'node:os';
import { z } from 'zod';
import { DEFAULT_NATS_URL, natsName } from '../cluster/nats.ts';
import { PROCESS_ROLES, type ProcessRole } from './roles.ts';

/**
 * Every environment variable Midgard reads, declared once: name, type, default, meaning. `loadConfig`
 * (app/config.ts) parses them at the edge; library code takes options only; the README's settings table is
 * generated from this list (`settingsTable`, checked by app/settings.test.ts). An empty value (`VAR=` in a .env
 * file) means unset, for every variable alike.
 */
interface Setting<S extends z.ZodType> {
  /** parses the string from the environment */
  schema: S;
  /** used when unset; a function when it depends on the machine */
  value?: z.output<S> | (() => z.output<S>);
  /** the default as the README shows it */
  shown?: string;
  doc: string;
}

/** `V` records at the type level whether the setting has a default (then it is never undefined once loaded). */
const setting = <S extends z.ZodType, V extends z.output<S> | undefined = undefined>(
  schema: S,
  doc: string,
  value?: V | (() => V),
  shown?: string,
): Setting<S> & { readonly defaulted?: V } => ({ schema, doc, value: value as Setting<S>["value"], shown });

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const secret = (name: string) => z.string().min(16, `${name} must be at least 16 characters`);
const text = z.string();
/** a world or node name as NATS subjects and buckets allow it (cluster/nats.ts `natsName` is the one rule) */
const natsIdentifier = (what: 'world' | 'node') =>
  z.string().transform((name, ctx) => {
    try {
      return natsName(what, name);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  });

export const SETTINGS = {
  MIDGARD_PORT: setting(int(0, 65_535), 'gateway port (role world: its health port)', 8000),
  MIDGARD_HOST: setting(text, 'gateway address (set a secret before listening beyond localhost)', '0.0.0.0'),
  DATABASE_URL: setting(text, 'Postgres; without it, PGlite in `MIDGARD_DATA_DIR`'),
  MIDGARD_DATA_DIR: setting(text, 'PGlite data directory (the development secret lives next to it)', './data/pg'),
  MIDGARD_DB_SCHEMA: setting(z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case Postgres identifier'), 'Postgres schema for every table', 'public'),
  MIDGARD_DB_WAIT_MS: setting(int(0, 3_600_000), 'how long start-up waits for an unreachable database, retrying with backoff', 60_000),
  REDIS_URL: setting(text, 'Redis for the L2 cache, pub/sub and rate limits; without it, in-process'),
  MIDGARD_API_KEYS: setting(text, 'comma-separated keys the bridge sends as `X-API-Key`'),
  MIDGARD_TRUSTED_BRIDGES: setting(text, 'addresses allowed to dispatch without a key (the original bridge sends none)'),
  MIDGARD_ADMIN_API_KEYS: setting(text, 'keys for service-to-service admin calls'),
  MIDGARD_JWT_SECRET: setting(secret('MIDGARD_JWT_SECRET'), 'signs admin tokens (16+ characters); outside production a development secret is made when unset'),
  MIDGARD_METRICS_KEY: setting(secret('MIDGARD_METRICS_KEY'), 'key a scraper sends for `/metrics` (Bearer or `X-API-Key`); without it only local callers and admins read `/metrics`'),
  MIDGARD_UI_DIR: setting(text, 'folder served as the dashboard', undefined, '`gateway/ui`'),
  MIDGARD_LOG_LEVEL: setting(z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']), 'pino log level', 'info'),
  MIDGARD_LOG_FORMAT: setting(z.enum(['json', 'pretty']), 'log format (logs always go to stderr)', undefined, 'pretty on a terminal, else json'),
  MIDGARD_WORKERS: setting(int(0, 64), 'worker threads (0 keeps actors in the main thread)', () => availableParallelism(), 'cores'),
  MIDGARD_SEED: setting(int(0, 2 ** 32 - 1), 'world seed', 1),
  MIDGARD_SPEED: setting(
    z.union([z.literal('max'), z.coerce.number().positive().max(1_000_000)]),
    'clock speed: 1 = real time, N = N× faster, `max` = as fast as possible',
    1 as number | 'max',
  ),
  MIDGARD_TICK_MS: setting(int(10, 3_600_000), 'virtual milliseconds per tick', 1000),
  MIDGARD_NPCS: setting(int(0, 1_000_000), 'NPCs a new world starts with', 200),
  MIDGARD_PASSIVATE_AFTER_MS: setting(int(0, Number.MAX_SAFE_INTEGER), 'virtual idle time before an actor is passivated to the store', 600_000),
  MIDGARD_CHECKPOINT_TICKS: setting(int(1, 100_000), 'ticks between checkpoints', 10),
  MIDGARD_EFFECTS_IN_MEMORY: setting(
    int(1, 10_000_000),
    'un-landed effects (actions, AI requests being retried) kept in memory; later ones overflow to a spill file, read back in order',
    10_000,
  ),
  MIDGARD_EFFECTS_SPILL_DIR: setting(z.string(), 'where that overflow file goes (deleted once drained)', 'data/effects-spill'),
  MIDGARD_ARCHIVE_EVERY: setting(int(0, 1_000_000), 'checkpoints between two kept aside for forks and replays (0 = never; 360 is an hour of 10-tick checkpoints at 1 s ticks)', 360),
  MIDGARD_ARCHIVE_KEEP: setting(int(1, 10_000), 'archived checkpoints kept (the input log before the oldest is dropped)', 48),
  MIDGARD_FORKS_DIR: setting(text, 'where forks on the embedded default keep their data dirs and reports', './data/forks'),
  MIDGARD_ROLE: setting(
    z.enum(PROCESS_ROLES),
    'what `midgard start` runs: `all` (world and gateway in one process), `gateway` (stateless HTTP/SSE/WebSocket front on DATABASE_URL, any number of them) or `world` (the simulation, no HTTP); `--role` wins',
    'all' as ProcessRole,
  ),
  MIDGARD_NATS_URL: setting(text, 'NATS JetStream of a clustered world (only the cluster roles connect)', DEFAULT_NATS_URL),
  MIDGARD_NODE: setting(
    natsIdentifier('node'),
    "this process's name in the cluster (letters, digits, - and _)",
    () => `${hostname()}-${process.pid}`.replace(/[^A-Za-z0-9_-]/g, '-'),
    'hostname-pid',
  ),
  MIDGARD_WORLD: setting(natsIdentifier('world'), 'the world\'s name in NATS subjects and buckets', undefined, 'the `MIDGARD_DB_SCHEMA`'),
  MIDGARD_HOST_SLOTS: setting(int(1, 1024), 'host slots a clustered world is split into (leased by world nodes); fixed for the life of a world', 6),
  MIDGARD_LEASE_TTL_MS: setting(int(100, 3_600_000), 'how long a world node holds a host slot without renewing it before another node may take it', 3000),
  ANTHROPIC_API_KEY: setting(text, 'Anthropic key; without any provider key the offline provider answers everything'),
  ANTHROPIC_BASE_URL: setting(z.url(), 'Anthropic endpoint', undefined, "the vendor's"),
  GROQ_API_KEY: setting(text, 'Groq key'),
  GROQ_BASE_URL: setting(z.url(), 'Groq endpoint', undefined, "the vendor's"),
  MIDGARD_AI_PROVIDERS: setting(text, 'provider order (`anthropic`, `groq`, `offline`); providers without a key are skipped', 'anthropic,groq'),
  MIDGARD_AI_DAILY_BUDGET_USD: setting(z.coerce.number().nonnegative(), 'daily LLM spend; past it the router degrades to cheaper tiers (the day\'s spend is kept in the database and survives restarts)', 10),
  MIDGARD_AI_CALLS_PER_HOUR: setting(int(0, Number.MAX_SAFE_INTEGER), 'LLM calls per hour (shared through Redis when set)', 1000),
  MIDGARD_AI_TIMEOUT_MS: setting(int(1, 3_600_000), 'one HTTP attempt to a provider', 20_000),
  MIDGARD_AI_MODELS: setting(
    text,
    'models per provider and tier, e.g. `anthropic.full=claude-sonnet-4-6,groq.batched=llama-3.1-8b-instant`',
    undefined,
    'the providers\' defaults',
  ),
} satisfies Record<string, Setting<z.ZodType>>;

type Declared = typeof SETTINGS;
/** The parsed settings: a value for each variable with a default, `undefined` for the others when unset. */
export type Settings = {
  -readonly [K in keyof Declared]: Declared[K] extends { readonly defaulted?: infer V }
    ? [V] extends [undefined]
      ? z.output<Declared[K]['schema']> | undefined
      : z.output<Declared[K]['schema']>
    : never;
};

export type Env = Record<string, string | undefined>;

/**
 * Parses every declared variable; a bad value is an error naming the variable, and nothing else is read.
 *
 * @example
 * loadSettings({ MIDGARD_PORT: '8080', DATABASE_URL: '' }); // { MIDGARD_PORT: 8080, DATABASE_URL: undefined, … }
 */
export function loadSettings(env: Env): Settings {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, declared] of Object.entries(SETTINGS) as [string, Setting<z.ZodType>][]) {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      out[name] = typeof declared.value === 'function' ? (declared.value as () => unknown)() : declared.value;
      continue;
    }
    const parsed = declared.schema.safeParse(raw);
    if (parsed.success) out[name] = parsed.data;
    else problems.push(`${name}=${JSON.stringify(raw)}: ${parsed.error.issues[0]!.message}`);
  }
  if (problems.length) throw new ConfigError(problems);
  return out as Settings;
}

/** A setting the environment got wrong; start-up stops with every such variable named. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** The README's settings table, one row per variable, in declaration order. */
export function settingsTable(): string {
  const rows = ['| variable | default | meaning |', '|---|---|---|'];
  for (const [name, declared] of Object.entries(SETTINGS) as [string, Setting<z.ZodType>][]) {
    const shown = declared.shown ?? (declared.value === undefined ? '—' : `${declared.value}`);
    rows.push(`| \`${name}\` | ${shown} | ${declared.doc} |`);
  }
  return rows.join('\n');
}
