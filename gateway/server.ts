import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import { log } from '../runtime/log.ts';
import type { GatewayApp } from './app.ts';
import { DISPATCH_BYTES } from './middleware/body-limit/index.ts';

const HEARTBEAT_MS = 30_000;

/**
 * Ping every socket each 30 s and drop the ones that did not answer the previous ping: a bridge that vanished
 * without a close frame (power loss, NAT timeout) must not hold its leases' stream open forever.
 */
function heartbeat(wss: WebSocketServer): () => void {
  const alive = new WeakMap<object, boolean>();
  wss.on('connection', (ws) => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
  });
  const timer = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}

export interface GatewayHandle {
  /** the bound port (useful with port 0) */
  port: number;
  url: string;
  /**
   * Graceful shutdown: stop accepting connections, end open streams and sockets, let in-flight requests
   * finish (up to `graceMs`, then connections are cut), then flush actor snapshots.
   */
  close(options?: { graceMs?: number; flush?: boolean }): Promise<void>;
}

export interface BindOptions {
  port: number;
  hostname: string;
  /** whole request (headers and body) must arrive within this; default REQUEST_TIMEOUT_MS */
  requestTimeoutMs?: number;
  /** how often Node looks for requests past their timeout; default Node's 30 s (a slow body is cut within 60 s) */
  checkEveryMs?: number;
}

/** A listener bound before the world is up: it answers 503 until `attach` hands it the gateway. */
export interface BoundListener {
  port: number;
  url: string;
  /** what start-up is waiting for, shown by `/ready` and every 503 until attached */
  setStatus(reason: string): void;
  attach(app: GatewayApp): GatewayHandle;
  /** close a listener that never got its app (start-up failed) */
  abort(): Promise<void>;
}

/** How long a client may take to send a whole request (headers and body): a slow body cannot hold a socket. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** How long a client may take to send its headers. */
export const HEADERS_TIMEOUT_MS = 10_000;
const STARTING_RETRY_AFTER_S = 2;

/**
 * Bind `hostname:port` first, before the database or the world: a second instance on a busy port fails here,
 * within a second, holding nothing (EADDRINUSE rejects). Until `attach`, every request is answered 503 with
 * `Retry-After` and the start-up status, so load balancers and bridges see "starting", not a refused socket.
 *
 * @example
 * const listener = await bindGateway({ port: 8000, hostname: '0.0.0.0' });
 * listener.setStatus('waiting for the database');
 * const handle = listener.attach(createGateway(deps));
 */
export async function bindGateway(options: BindOptions): Promise<BoundListener> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: DISPATCH_BYTES });
  let app: GatewayApp | null = null;
  let status = 'starting';
  const fetch = (request: Request, env: unknown): Response | Promise<Response> => (app ? app.fetch(request, env) : startingResponse(status));
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  // a slow body (one byte every few seconds) is cut after requestTimeout, noticed within checkEveryMs
  const serverOptions = {
    requestTimeout,
    headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeout),
    ...(options.checkEveryMs ? { connectionsCheckingInterval: options.checkEveryMs } : {}),
  };
  const { server, port, url } = await listen(options, fetch, 'gateway', { websocket: { server: wss }, serverOptions });
  return {
    port,
    url,
    setStatus(reason) {
      status = reason;
    },
    attach(gateway) {
      app = gateway;
      return { port, url, close: closer(server, wss, gateway) };
    },
    async abort() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What every listener answers while Midgard starts: 503, the start-up status, and when to ask again. */
export function startingResponse(status: string): Response {
  return new Response(JSON.stringify({ status: 'starting', reason: status, error: { code: 'starting', message: `Midgard is starting: ${status}` } }), {
    status: 503,
    headers: { 'content-type': 'application/json', 'retry-after': String(STARTING_RETRY_AFTER_S) },
  });
}

/** Listen on `hostname:port` (a busy port rejects with EADDRINUSE, holding nothing) and log where. */
export async function listen(
  options: { port: number; hostname: string },
  fetch: (request: Request, env: unknown) => Response | Promise<Response>,
  what: string,
  extra: { websocket?: { server: WebSocketServer }; serverOptions?: Record<string, unknown> } = {},
): Promise<{ server: Server; port: number; url: string }> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ ...extra, fetch, port: options.port, hostname: options.hostname } as Parameters<typeof serve>[0], () => resolve(s as Server));
    (s as Server).once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ port, hostname: options.hostname }, `${what} listening`);
  return { server, port, url: listenerUrl(options.hostname, port) };
}

/** The URL a listener on `hostname:port` is reached at from this machine (a wildcard address: loopback). */
export function listenerUrl(hostname: string, port: number): string {
  const host = hostname === '0.0.0.0' || hostname === '::' ? '127.0.0.1' : hostname;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Listen on `hostname:port` with HTTP and the bridge WebSocket (ws, messages up to the dispatch limit).
 *
 * @example
 * const handle = await startGateway(createGateway(deps), { port: 8000, hostname: '0.0.0.0' });
 * process.once('SIGTERM', () => void handle.close());
 */
export async function startGateway(app: GatewayApp, options: { port: number; hostname: string }): Promise<GatewayHandle> {
  return (await bindGateway(options)).attach(app);
}

function closer(server: Server, wss: WebSocketServer, app: GatewayApp): GatewayHandle['close'] {
  const stopHeartbeat = heartbeat(wss);
  let closing: Promise<void> | null = null;
  return async ({ graceMs = 10_000, flush = true } = {}): Promise<void> => {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      stopHeartbeat();
      app.lifecycle.closeAll();
      for (const ws of wss.clients) ws.close(1001, 'gateway shutting down');
      // keep-alive connections become idle as their last request finishes: reap them as they do
      server.closeIdleConnections();
      const reaper = setInterval(() => server.closeIdleConnections(), 25);
      const timer = setTimeout(() => {
        log.warn('gateway grace period over; cutting remaining connections');
        server.closeAllConnections();
        for (const ws of wss.clients) ws.terminate();
      }, graceMs);
      timer.unref();
      await stopped;
      clearTimeout(timer);
      clearInterval(reaper);
      if (flush) await app.deps.runtime.flush();
      log.info('gateway closed');
    })();
    return closing;
  };
}
