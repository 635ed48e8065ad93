import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { OutboxEntry } from '../../../persistence/types.ts';
import type { Transition } from '../../../runtime/control.ts';
import { toBridgeAction } from '../../actions/ActionPump.ts';
import { ApiError } from '../../errors.ts';
import type { Lifecycle } from '../../Lifecycle.ts';
import { requireRole } from '../../middleware/admin-auth/index.ts';
import type { GatewayDeps, GatewayEnv } from '../../types.ts';

export const FEED_PATH = '/api/v1/admin/feed';
const MAX_WATCHED = 20;
const ACTOR_ID = /^[a-z][a-z0-9_-]{0,31}:[A-Za-z0-9_.:-]{1,128}$/;

/**
 * The dashboard's live feed (server-sent events, gm+):
 * - `transition`: every transition of the actors named in `?watch=a,b` (inspection is switched on only for
 *   them, since observing costs throughput),
 * - `action`: every bridge action as it is enqueued,
 * - `effect`: every effect any actor emits (kind, emitting actor, tick),
 * - `metrics`: clock and runtime counters every `?interval=` ms (default 2000).
 * Payloads are data, never markup: the dashboard must escape strings it renders.
 *
 * @example
 * // curl -N -H "Authorization: Bearer $T" 'http://127.0.0.1:8000/api/v1/admin/feed?watch=npc:kafra'
 */
export function feedRoutes(deps: GatewayDeps, lifecycle: Lifecycle): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  app.get(FEED_PATH, requireRole('gm'), async (c) => {
    const watch = (c.req.query('watch') ?? '').split(',').filter((s) => s.length > 0);
    if (watch.length > MAX_WATCHED) throw new ApiError(400, 'invalid_request', `watch at most ${MAX_WATCHED} actors`);
    const bad = watch.find((id) => !ACTOR_ID.test(id));
    if (bad !== undefined) throw new ApiError(400, 'invalid_request', `'${bad}' is not an actor id (kind:key)`);
    const intervalRaw = c.req.query('interval') ?? '2000';
    if (!/^\d{3,6}$/.test(intervalRaw) || Number(intervalRaw) < 250) throw new ApiError(400, 'invalid_request', 'interval must be 250..999999 ms');
    if (lifecycle.closing) throw new ApiError(503, 'shutting_down', 'the gateway is shutting down');
    deps.runtime.clock(); // a node without the world (role gateway) answers its 503 here, before the stream opens

    return streamSSE(c, async (stream) => {
      // events are queued and written one at a time: SSE frames must not interleave
      let chain: Promise<void> = Promise.resolve();
      const push = (event: string, data: unknown) => {
        chain = chain.then(() => stream.writeSSE({ event, data: JSON.stringify(data) })).catch(() => {});
      };
      const cleanups: (() => void)[] = [];
      for (const id of watch) cleanups.push(deps.runtime.watch(id, (t: Transition) => push('transition', t)));
      const offActions = deps.outbox.onEnqueued?.((entries: OutboxEntry[]) => {
        for (const e of entries) push('action', { seq: e.seq, ...toBridgeAction(e) });
      });
      if (offActions) cleanups.push(offActions);
      cleanups.push(deps.runtime.onEffect('*', (effect, ctx) => push('effect', { id: ctx.id, actorId: ctx.actorId, tick: ctx.tick, effect })));
      const metrics = () => push('metrics', { clock: deps.runtime.clock(), stats: deps.runtime.stats() });
      const timer = setInterval(metrics, Number(intervalRaw));
      timer.unref();
      cleanups.push(() => clearInterval(timer));

      let finish: () => void = () => {};
      const ended = new Promise<void>((resolve) => (finish = resolve));
      const stop = () => {
        for (const cleanup of cleanups.splice(0)) cleanup();
        finish();
      };
      const untrack = lifecycle.track(() => {
        stop();
        void stream.close();
      });
      stream.onAbort(() => {
        untrack();
        stop();
      });
      metrics();
      await ended;
    });
  });
  return app;
}
