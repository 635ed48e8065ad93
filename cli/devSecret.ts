import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Where a development start keeps the JWT secret it made (next to the embedded database: `./data/dev-jwt-secret`),
 * readable by this user only. Keeping it means tokens and the dashboard's session survive a restart, and
 * `midgard token` and `midgard player export` on the same machine can talk to the running gateway.
 */
export function devSecretPath(env: Record<string, string | undefined>): string {
  return join(dirname(env.MIDGARD_DATA_DIR || './data/pg'), 'dev-jwt-secret');
}

export function readDevSecret(env: Record<string, string | undefined>): string | null {
  try {
    const secret = readFileSync(devSecretPath(env), 'utf8').trim();
    return secret.length >= 16 ? secret : null;
  } catch {
    return null;
  }
}

export type SecretOrigin = 'configured' | 'dev-file' | 'none';

/**
 * The secret the gateway verifies tokens with: the configured one; outside production, the development secret
 * (made on first use); in production none, so sign-in stays off until MIDGARD_JWT_SECRET is set.
 */
export function chooseSecret(env: Record<string, string | undefined>): { secret: string | null; origin: SecretOrigin } {
  if (env.MIDGARD_JWT_SECRET) return { secret: env.MIDGARD_JWT_SECRET, origin: 'configured' };
  if (env.NODE_ENV === 'production') return { secret: null, origin: 'none' };
  const existing = readDevSecret(env);
  if (existing) return { secret: existing, origin: 'dev-file' };
  const secret = randomBytes(32).toString('base64url');
  const path = devSecretPath(env);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return { secret, origin: 'dev-file' };
}

/** For commands that call the gateway or mint tokens: the configured secret, else the development one. */
export function secretForClients(env: Record<string, string | undefined>): string | null {
  if (env.MIDGARD_JWT_SECRET) return env.MIDGARD_JWT_SECRET;
  return env.NODE_ENV === 'production' ? null : readDevSecret(env);
}
