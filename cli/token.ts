import { sign } from 'hono/jwt';
import { ROLES, type Role } from '../gateway/types.ts';
import { secretForClients } from './devSecret.ts';
import { intOption, parseOptions, usageFailure, UsageError } from './args.ts';

export const summary = 'mint an admin API token: midgard token --role admin --sub alice [--ttl 3600]';

export const usage = `usage: midgard token --role ROLE --sub NAME [--ttl SECONDS]

  Prints a JWT for the admin API and the dashboard, signed with MIDGARD_JWT_SECRET (the gateway's secret).
  --role  ${ROLES.join(' | ')}   (the dashboard needs gm or higher)
  --sub   who the token names in the audit log (letters, digits, . @ : - _)
  --ttl   lifetime in seconds (default 43200 = 12 h)

  Without MIDGARD_JWT_SECRET (and outside NODE_ENV=production) it uses the development secret that
  \`midgard start\` keeps in ./data/dev-jwt-secret.`;

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
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      console.log(usage);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`midgard token: unexpected argument '${positionals[0]}'`);
    const role = values.role;
    if (!role || !(ROLES as readonly string[]).includes(role)) {
      throw new UsageError(`midgard token: --role must be one of ${ROLES.join(', ')}${role ? `, got '${role}'` : ''}`);
    }
    const sub = values.sub;
    if (!sub || !/^[\w.@:-]{1,200}$/.test(sub)) throw new UsageError('midgard token: --sub must be a user name (letters, digits, . @ : - _)');
    const ttl = intOption('token', 'ttl', values.ttl, 12 * 3600);
    const secret = secretForClients(process.env);
    if (!secret || secret.length < 16) {
      throw new UsageError(
        "midgard token: set MIDGARD_JWT_SECRET (at least 16 characters) to the gateway's secret (in development, " +
          '`midgard start` makes one in ./data/dev-jwt-secret on its first run)',
      );
    }
    console.log(await mintToken(secret, role as Role, sub, ttl));
    return 0;
  } catch (err) {
    return usageFailure(err, usage);
  }
}
