import { upgradeWebSocket } from '@hono/node-server';
import { Hono } from 'hono';
import type { WSContext } from 'hono/ws';
import type { Journal } from '../../persistence/types.ts';
import { log } from '../../runtime/log.ts';
import { ActionPump, toBridgeAction } from '../actions/ActionPump.ts';
import type { ActionSignal } from '../actions/ActionSignal.ts';
import { ApiError, classifyError, describeIssues } from '../errors.ts';
import { ingestBatch } from '../events/ingest.ts';
import { refusedEventsOf } from '../events/refused.ts';
import type { Lifecycle } from '../Lifecycle.ts';
import type { GatewayDeps, GatewayEnv } from '../types.ts';
import { clientMessageSchema, type ClientMessage } from './protocol.ts';

export const BRIDGE_WS_PATH = '/api/v1/bridge/ws';

/**
 * Midgard's own bridge on one connection: events in (acknowledged once journaled), actions out (leased, pushed
 * the moment they are enqueued), completions in. Messages from one connection are handled in arrival order.
 * Needs a real server (`startGateway`): `app.request` cannot upgrade.
 *
 * @example
 * app.route('/', bridgeSocketRoutes(deps, lifecycle, new GroupCommit(deps.journal), signal));
 */
export function bridgeSocketRoutes(
  deps: GatewayDeps,
  lifecycle: Lifecycle,
  journal: Pick<Journal, 'append'>,
  signal: ActionSignal,
): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  const now = deps.now ?? Date.now;
  const settings = deps.config.settings;

  app.get(
    BRIDGE_WS_PATH,
    async function refuseWhileClosing(c, next) {
      const after = c.req.query('after');
      if (after !== undefined && !/^\d{1,15}$/.test(after)) throw new ApiError(400, 'invalid_request', '?after must be an outbox seq');
      if (lifecycle.closing) throw new ApiError(503, 'shutting_down', 'the gateway is shutting down');
      await next();
    },
    upgradeWebSocket((c) => {
      const after = c.req.query('after');
      const source = c.var.principal.sub;
      let pump: ActionPump | null = null;
      let untrack = () => {};
      let queue: Promise<void> = Promise.resolve();
      const send = (ws: WSContext, message: unknown) => {
        if (ws.readyState === 1) ws.send(JSON.stringify(message));
      };
      return {
        onOpen(_evt, ws) {
          untrack = lifecycle.track(() => {
            pump?.stop();
            ws.close(1001, 'gateway shutting down');
          });
          pump = new ActionPump({
            outbox: deps.outbox,
            signal,
            deliver: async (entries) => {
              if (ws.readyState !== 1) throw new Error('socket closed');
              for (const e of entries) send(ws, { type: 'action', seq: e.seq, action: toBridgeAction(e) });
            },
            leaseMs: () => settings.leaseMs,
            batch: () => settings.pendingBatch,
            now,
          });
          void pump.start(after === undefined ? null : Number(after));
        },
        onMessage(evt, ws) {
          const data = evt.data;
          queue = queue.then(() => handle(typeof data === 'string' ? data : null, ws)).catch((err) => log.error({ err }, 'bridge socket message failed'));
        },
        onClose() {
          pump?.stop();
          untrack();
        },
      };

      async function handle(text: string | null, ws: WSContext): Promise<void> {
        let message: ClientMessage;
        let ref: string | undefined;
        try {
          if (text === null) throw new ApiError(400, 'invalid_request', 'send JSON text frames');
          let raw: unknown;
          try {
            raw = JSON.parse(text);
          } catch {
            throw new ApiError(400, 'invalid_request', 'malformed JSON');
          }
          ref = typeof (raw as { ref?: unknown })?.ref === 'string' ? (raw as { ref: string }).ref : undefined;
          const parsed = clientMessageSchema.safeParse(raw);
          if (!parsed.success) throw new ApiError(400, 'invalid_request', describeIssues(parsed.error.issues));
          message = parsed.data;
          if (message.type === 'events') {
            const r = await ingestBatch(deps, journal, refusedEventsOf(deps), message.events, source);
            send(ws, { type: 'ack', ref, accepted: r.accepted.length, duplicates: r.duplicates, throttled: r.throttled, refused: r.refused });
          } else {
            const known = await deps.outbox.complete(message.action_id, message.status, message.message, message.timestamp ?? now());
            send(ws, { type: 'completed', ref, action_id: message.action_id, known });
          }
        } catch (err) {
          // the same answer HTTP gives: bad input is a 400 here too, never an "internal error"
          const e = classifyError(err);
          if (e.internal) log.error({ err }, 'bridge socket handler failed');
          send(ws, { type: 'error', ref, status: e.status, error: { code: e.code, message: e.message } });
        }
      }
    }),
  );
  return app;
}
