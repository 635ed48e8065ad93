import { z } from 'zod';

/**
 * The gateway's settings, read once from the environment at the edge. `limits`, `leaseMs` and `pendingBatch`
 * are also tunable at run time by a superadmin (`PATCH /api/v1/admin/config`); the rest needs a restart
 * because it decides who may connect.
 */
export interface GatewayConfig {
  port: number;
  hostname: string;
  /** keys a bridge sends in `X-API-Key` */
  apiKeys: string[];
  /** keys for service-to-service admin calls (`X-API-Key` on /api/v1/admin/*): they act with role `admin` */
  adminApiKeys: string[];
  /** addresses allowed to call the bridge API without a key (the original rAthena bridge sends none) */
  trustedBridges: string[];
  /** HS256 secret for admin JWTs; null disables bearer tokens */
  jwtSecret: string | null;
  settings: LiveSettings;
  /** folder served at `/` when it holds an index.html */
  uiDir: string | null;
  /** key for `/metrics` (Bearer or X-API-Key); without one only loopback callers and admins may read it */
  metricsKey?: string | null;
}

export const liveSettingsSchema = z.strictObject({
  limits: z.strictObject({
    /** unauthenticated traffic per client address */
    publicPerMinute: z.number().int().min(1).max(1_000_000),
    /** game events per player (char_id) per second; the excess is refused, not journaled */
    playerPerSecond: z.number().int().min(1).max(10_000),
    /** admin API calls per admin identity */
    adminPerMinute: z.number().int().min(1).max(1_000_000),
  }),
  /** how long an action handed to a bridge stays hidden from others before it is offered again */
  leaseMs: z.number().int().min(1_000).max(3_600_000),
  /** most actions one `GET /actions/pending` returns */
  pendingBatch: z.number().int().min(1).max(500),
});
export type LiveSettings = z.infer<typeof liveSettingsSchema>;

export const defaultSettings = (): LiveSettings => ({
  limits: { publicPerMinute: 100, playerPerSecond: 10, adminPerMinute: 50 },
  leaseMs: 30_000,
  pendingBatch: 50,
});

const list = (raw: string | undefined): string[] =>
  (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

const envSchema = z.object({
  MIDGARD_PORT: z.coerce.number().int().min(0).max(65_535).default(8000),
  MIDGARD_HOST: z.string().min(1).default('0.0.0.0'),
  MIDGARD_API_KEYS: z.string().optional(),
  MIDGARD_ADMIN_API_KEYS: z.string().optional(),
  MIDGARD_TRUSTED_BRIDGES: z.string().optional(),
  MIDGARD_JWT_SECRET: z.string().min(16, 'MIDGARD_JWT_SECRET must be at least 16 characters').optional(),
  MIDGARD_UI_DIR: z.string().optional(),
  MIDGARD_METRICS_KEY: z.string().min(16, 'MIDGARD_METRICS_KEY must be at least 16 characters').optional(),
});

/**
 * Settings from environment variables, with the mission's defaults; a bad value is an error naming it.
 *
 * @example
 * const config = loadGatewayConfig({ MIDGARD_API_KEYS: 'k1,k2', MIDGARD_JWT_SECRET: 'a-long-enough-secret' });
 * config.port; // 8000
 */
export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`gateway config: ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    port: e.MIDGARD_PORT,
    hostname: e.MIDGARD_HOST,
    apiKeys: list(e.MIDGARD_API_KEYS),
    adminApiKeys: list(e.MIDGARD_ADMIN_API_KEYS),
    trustedBridges: list(e.MIDGARD_TRUSTED_BRIDGES).map(normaliseAddress),
    jwtSecret: e.MIDGARD_JWT_SECRET ?? null,
    settings: defaultSettings(),
    uiDir: e.MIDGARD_UI_DIR ?? null,
    metricsKey: e.MIDGARD_METRICS_KEY ?? null,
  };
}

/** `::ffff:10.0.0.5` (IPv4 seen through an IPv6 socket) and `10.0.0.5` are the same bridge. */
export function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
