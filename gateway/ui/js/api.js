// Talking to the gateway: JSON requests with the signed-in user's token, and the live feed.
import { session } from './session.js';
import { SseParser } from './sse.js';
import { retryAfterSeconds, waitOut } from './slowdown.js';

/** How often one call waits out a 429 before giving up with the error. */
const RATE_LIMIT_RETRIES = 3;

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * Call the admin API; resolves with the JSON body or throws ApiError with the gateway's {error:{code,message}}.
 * A 429 is waited out (Retry-After, with a countdown) and retried: a refused call did nothing, so a retried
 * write cannot happen twice.
 */
export async function api(path, { method = 'GET', body, signal } = {}, attempt = 0) {
  const headers = { accept: 'application/json' };
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', `the gateway did not answer (${err.message})`);
  }
  if (res.status === 429 && attempt < RATE_LIMIT_RETRIES) {
    await waitOut(retryAfterSeconds(res.headers.get('retry-after')), signal);
    return api(path, { method, body, signal }, attempt + 1);
  }
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: reported below */
  }
  if (!res.ok) {
    const error = json?.error;
    throw new ApiError(res.status, String(error?.code ?? res.status), String(error?.message ?? (text.slice(0, 200) || res.statusText)));
  }
  return json;
}

export const actorPath = (id) => `/api/v1/admin/actors/${encodeURIComponent(id)}`;

/**
 * Open the gateway's live feed (SSE over fetch). `onEvent(name, data)` gets every event with its parsed JSON.
 * Reconnects after a drop (every few seconds) until close() is called; auth errors stop it and are reported.
 */
export function openFeed({ watch = [], onEvent, onStatus }) {
  const controller = new AbortController();
  let closed = false;
  const url = `/api/v1/admin/feed?interval=1000${watch.length ? `&watch=${watch.map(encodeURIComponent).join(',')}` : ''}`;

  const run = async () => {
    while (!closed) {
      try {
        const res = await fetch(url, { headers: { authorization: `Bearer ${session.token}`, accept: 'text/event-stream' }, signal: controller.signal });
        if (!res.ok) {
          const body = await res.json().catch(() => null);
          onStatus?.('error', body?.error?.message ?? `feed refused (${res.status})`);
          if (res.status === 401 || res.status === 403 || res.status === 400) return;
          if (res.status === 429) await waitOut(retryAfterSeconds(res.headers.get('retry-after')), controller.signal).catch(() => {});
        } else {
          onStatus?.('live');
          const parser = new SseParser();
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            for (const e of parser.push(value)) {
              let data;
              try {
                data = JSON.parse(e.data);
              } catch {
                continue;
              }
              onEvent(e.event, data);
            }
          }
          onStatus?.('reconnecting');
        }
      } catch (err) {
        if (closed || err.name === 'AbortError') return;
        onStatus?.('reconnecting', err.message);
      }
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
  };
  void run();
  return () => {
    closed = true;
    controller.abort();
  };
}
