import type { MiddlewareHandler } from 'hono';
import { normaliseAddress } from '../../config.ts';
import type { GatewayEnv } from '../../types.ts';

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/**
 * The peer address of the TCP connection, or null when there is none (`app.request` in tests without env).
 * `X-Forwarded-For` is deliberately ignored: the trusted-bridge list is a security boundary and a header is
 * whatever the caller writes. Put a proxy in front only together with network-level rules.
 *
 * @example
 * app.use('*', clientAddress());
 * app.get('/', (c) => c.text(c.var.clientAddress ?? 'unknown'));
 */
export function clientAddress(): MiddlewareHandler<GatewayEnv> {
  return async function clientAddressMiddleware(c, next) {
    const env = c.env as NodeBindings | undefined;
    const raw = env?.incoming?.socket?.remoteAddress;
    c.set('clientAddress', raw ? normaliseAddress(raw) : null);
    await next();
  };
}
