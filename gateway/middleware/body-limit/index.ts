import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../../errors.ts';

/** 10 KB for single requests (the mission's limit). */
export const SINGLE_REQUEST_BYTES = 10 * 1024;
/** A dispatch of 50 events with payloads of up to ~1 KB each. */
export const DISPATCH_BYTES = 64 * 1024;

/**
 * Refuse bodies over `maxBytes` with 413 before they are parsed (also when streamed without Content-Length).
 * The answer says `Connection: close` and Node closes the socket after it: the rest of the body is never read,
 * so a keep-alive connection would be out of step (the client's next request would meet a reset).
 *
 * @example
 * app.use('/api/v1/admin/*', limitBody(SINGLE_REQUEST_BYTES));
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  const inner = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `request body exceeds ${maxBytes} bytes`, { Connection: 'close' });
    },
  });
  return async function limitBodyMiddleware(c, next) {
    return inner(c, next);
  };
}
