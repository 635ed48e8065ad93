import { z } from 'zod';
import { loadSettings, type Env, type Settings } from '../app/settings.ts';

/**
 * The gateway's settings, read once from the environment at the edge (app/config.ts). `limits`, `leaseMs` and `pendingBatch`
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

/**
 * The gateway's part of the settings (app/settings.ts declares every variable and parses it once).
 *
 * @example
 * const config = gatewayConfigFrom(loadSettings({ MIDGARD_API_KEYS: 'k1,k2' }));
 * config.port; // 8000
 */
export function gatewayConfigFrom(e: Settings): GatewayConfig {
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

/** {@link gatewayConfigFrom} on an environment: a bad value is an error naming the variable. */
export function loadGatewayConfig(env: Env): GatewayConfig {
  return gatewayConfigFrom(loadSettings(env));
}

/** `::ffff:10.0.0.5` (IPv4 seen through an IPv6 socket) and `10.0.0.5` are the same bridge. */
export function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
