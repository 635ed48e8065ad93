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

/**
 * Listen on `hostname:port` with HTTP and the bridge WebSocket (ws, messages up to the dispatch limit).
 *
 * @example
 * const handle = await startGateway(createGateway(deps), { port: 8000, hostname: '0.0.0.0' });
 * process.once('SIGTERM', () => void handle.close());
 */
export async function startGateway(app: GatewayApp, options: { port: number; hostname: string }): Promise<GatewayHandle> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: DISPATCH_BYTES });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: options.hostname, websocket: { server: wss } }, () => resolve(s as Server));
    (s as Server).once('error', reject);
  });
  const stopHeartbeat = heartbeat(wss);
  const port = (server.address() as AddressInfo).port;
  const host = options.hostname === '0.0.0.0' || options.hostname === '::' ? '127.0.0.1' : options.hostname;
  log.info({ port, hostname: options.hostname }, 'gateway listening');

  let closing: Promise<void> | null = null;
  const close = async ({ graceMs = 10_000, flush = true } = {}): Promise<void> => {
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
  return { port, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, close };
}
