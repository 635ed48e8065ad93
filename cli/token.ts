import { sign } from 'hono/jwt';
import { ROLES, type Role } from '../gateway/types.ts';
import { intOption, parseOptions, UsageError } from './args.ts';

export const summary = 'mint an admin API token: midgard token --role admin --sub alice [--ttl 3600]';

/**
 * Mint an HS256 JWT for the admin API with `MIDGARD_JWT_SECRET` (the same secret the gateway verifies with)
 * and print it. `--ttl` is in seconds (default 12 h).
 *
 * @example
 * // MIDGARD_JWT_SECRET=… midgard token --role gm --sub alice
 * // curl -H "Authorization: Bearer $(midgard token --role gm --sub alice)" http://127.0.0.1:8000/api/v1/admin/world
 */
export async function mintToken(secret: string, role: Role, sub: string, ttlSeconds: number, nowMs = Date.now()): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return sign({ sub, role, iat, exp: iat + ttlSeconds }, secret, 'HS256');
}

export async function run(args: string[]): Promise<number> {
  try {
    const { values, positionals } = parseOptions('token', args, {
      role: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`midgard token: unexpected argument '${positionals[0]}'`);
    const role = values.role;
    if (!role || !(ROLES as readonly string[]).includes(role)) {
      throw new UsageError(`midgard token: --role must be one of ${ROLES.join(', ')}${role ? `, got '${role}'` : ''}`);
    }
    const sub = values.sub;
    if (!sub || !/^[\w.@:-]{1,200}$/.test(sub)) throw new UsageError('midgard token: --sub must be a user name (letters, digits, . @ : - _)');
    const ttl = intOption('token', 'ttl', values.ttl, 12 * 3600);
    const secret = process.env.MIDGARD_JWT_SECRET;
    if (!secret || secret.length < 16) throw new UsageError('midgard token: set MIDGARD_JWT_SECRET (at least 16 characters) to the gateway\'s secret');
    console.log(await mintToken(secret, role as Role, sub, ttl));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
}
