import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { log } from '../runtime/log.ts';

/** The one error body every route answers with: `{error: {code, message}}`. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/**
 * An expected failure with its HTTP status; thrown anywhere in a handler and turned into JSON by `onError`.
 *
 * @example
 * throw new ApiError(404, 'actor_not_found', `no actor 'npc:bob'`);
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const errorBody = (code: string, message: string): ErrorBody => ({ error: { code, message } });

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** `app.onError`: known failures keep their status; anything else is a 500 that is logged, never leaked. */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof ApiError) {
    for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
    return c.json(errorBody(err.code, err.message), err.status);
  }
  if (err instanceof HTTPException) {
    // hono's validators throw these for malformed JSON and a missing content type
    const status = err.status as ContentfulStatusCode;
    return c.json(errorBody(CODE_BY_STATUS[status] ?? 'http_error', err.message || 'request refused'), status);
  }
  if (isInputError(err)) {
    // the runtime and the stores refuse bad input themselves too (unknown actor kind, malformed record)
    return c.json(errorBody('invalid_request', err.message), 400);
  }
  log.error({ err, path: c.req.path, method: c.req.method }, 'gateway handler failed');
  return c.json(errorBody('internal', 'internal error'), 500);
}

/** RuntimeInputError (`code: 'bad_request'`) and the stores' InvalidRecordError, recognised without importing
 * the runtime into every route. */
function isInputError(err: Error): boolean {
  return (err as { code?: unknown }).code === 'bad_request' || err.name === 'InvalidRecordError';
}

/** Zod issues as one readable line: `events.3.player_id: Invalid input: expected number`. */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`)
    .join('; ');
}

/** `defaultHook` for every OpenAPI route: a failed validation is a 400 in the house format. */
export function validationHook(
  result: { success: boolean; error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  return c.json(errorBody('invalid_request', describeIssues(result.error?.issues ?? [])), 400);
}
