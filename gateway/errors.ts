import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { log } from '../runtime/log.ts';
import { isDatabaseUnavailable } from '../persistence/unavailable.ts';

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

/** What a failure means to a client, whichever way it travels (an HTTP response, a bridge WebSocket frame). */
export interface ErrorOutcome {
  status: ContentfulStatusCode;
  code: string;
  message: string;
  headers: Record<string, string>;
  /** an unexpected failure: logged with its stack, never shown to the client */
  internal: boolean;
}

/** Seconds a client is told to wait while the database is away (see middleware/outage). */
const RETRY_AFTER_S = '5';

/**
 * The one mapping of errors to answers: known failures keep their status, bad input (the runtime's and the
 * stores' own refusals) is 400, an unreachable database is 503 with Retry-After, anything else is 500.
 * `handleError` (HTTP) and the bridge WebSocket both answer with it, so a mistake is a 400 on either.
 *
 * @example
 * classifyError(new ApiError(404, 'actor_not_found', "no actor 'npc:9'")); // {status: 404, code: 'actor_not_found', …}
 */
export function classifyError(err: unknown): ErrorOutcome {
  const known = (status: ContentfulStatusCode, code: string, message: string, headers: Record<string, string> = {}): ErrorOutcome => ({ status, code, message, headers, internal: false });
  if (err instanceof ApiError) return known(err.status, err.code, err.message, err.headers);
  if (err instanceof HTTPException) {
    // hono's validators throw these for malformed JSON and a missing content type
    const status = err.status as ContentfulStatusCode;
    return known(status, CODE_BY_STATUS[status] ?? 'http_error', err.message || 'request refused');
  }
  if (err instanceof Error && isInputError(err)) return known(400, 'invalid_request', err.message);
  if (isDatabaseUnavailable(err)) return known(503, 'unavailable', 'the database is unreachable; retry later', { 'Retry-After': RETRY_AFTER_S });
  return { status: 500, code: 'internal', message: 'internal error', headers: {}, internal: true };
}

/** `app.onError`: {@link classifyError} as a JSON response; a 500 is logged, never leaked. */
export function handleError(err: Error, c: Context): Response {
  const outcome = classifyError(err);
  if (outcome.internal) log.error({ err, path: c.req.path, method: c.req.method }, 'gateway handler failed');
  for (const [name, value] of Object.entries(outcome.headers)) c.header(name, value);
  return c.json(errorBody(outcome.code, outcome.message), outcome.status);
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
