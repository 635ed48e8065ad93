import { upgradeWebSocket } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { verify } from 'hono/jwt';
import type { WSContext } from 'hono/ws';
import type { Transition } from '../../runtime/control.ts';
import { declarationOf } from '../admin/actors/kindView.ts';
import { ApiError } from '../errors.ts';
import { definitionOf } from './stately-definition.ts';
import type { Lifecycle } from '../Lifecycle.ts';
import { ROLES, roleAtLeast, type GatewayDeps, type GatewayEnv, type Role } from '../types.ts';

export const STATELY_PATH = '/api/v1/stately';
/** the @statelyai/inspect protocol version these events follow */
export const STATELY_PROTOCOL_VERSION = '1.0.0';
const MAX_WATCHED = 20;
const ACTOR_ID = /^[a-z][a-z0-9_-]{0,31}:[A-Za-z0-9_.:-]{1,128}$/;

interface Base {
  rootId: string;
  sessionId: string;
  createdAt: string;
  id: string;
  _version: string;
}
export interface StatelySnapshot {
  status: 'active' | 'done' | 'error' | 'stopped';
  value: unknown;
  context: unknown;
}
export type StatelyInspectionEvent =
  | (Base & { type: '@xstate.actor'; name: string; parentId: undefined; definition: string | undefined; snapshot: StatelySnapshot })
  | (Base & { type: '@xstate.event'; event: Record<string, unknown>; sourceId: string | undefined })
  | (Base & { type: '@xstate.snapshot'; event: Record<string, unknown>; snapshot: StatelySnapshot });

/**
 * Translate one watched actor's life into @statelyai/inspect events: an `@xstate.actor` announcement, then for
 * each runtime transition an `@xstate.event` (what arrived, from whom) and an `@xstate.snapshot` (the state and
 * context after). Transitions carry only a context diff, so the full context is kept here and patched.
 *
 * @example
 * const session = new StatelySession('npc:kafra', detail.snapshot, definitionOf(logic, { kind: 'npc', value: detail.snapshot.value }));
 * socket.send(JSON.stringify(session.announce(clock.now)));
 * runtime.watch('npc:kafra', (t) => session.transition(t).forEach((e) => socket.send(JSON.stringify(e))));
 */
export class StatelySession {
  #context: Record<string, unknown>;
  #value: unknown;
  #n = 0;
  constructor(
    readonly actorId: string,
    snapshot: unknown,
    readonly definition: string | undefined,
  ) {
    const s = (snapshot ?? {}) as { value?: unknown; context?: unknown };
    this.#value = s.value ?? null;
    this.#context = { ...((s.context ?? {}) as Record<string, unknown>) };
  }

  #base(now: number): Base {
    return { rootId: this.actorId, sessionId: this.actorId, createdAt: String(now), id: `${this.actorId}#${this.#n++}`, _version: STATELY_PROTOCOL_VERSION };
  }

  #snapshot(): StatelySnapshot {
    return { status: 'active', value: this.#value, context: structuredClone(this.#context) };
  }

  announce(now: number): StatelyInspectionEvent {
    return { type: '@xstate.actor', ...this.#base(now), name: this.actorId, parentId: undefined, definition: this.definition, snapshot: this.#snapshot() };
  }

  transition(t: Transition): StatelyInspectionEvent[] {
    for (const [key, { after }] of Object.entries(t.contextDiff)) {
      if (after === undefined) delete this.#context[key];
      else this.#context[key] = after;
    }
    this.#value = t.to;
    const event = { ...t.event } as Record<string, unknown>;
    const meta = event['meta'] as { from?: unknown } | undefined;
    const sourceId = typeof meta?.from === 'string' && ACTOR_ID.test(meta.from) ? meta.from : undefined;
    return [
      { type: '@xstate.event', ...this.#base(t.now), event, sourceId },
      { type: '@xstate.snapshot', ...this.#base(t.now), event, snapshot: this.#snapshot() },
    ];
  }
}

/** A bearer token from the header or, since a browser's WebSocket cannot set headers, from `?token=`. */
async function authorize(c: Context<GatewayEnv>, secret: string | null): Promise<Role> {
  const header = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  const token = header ?? c.req.query('token');
  if (!token) throw new ApiError(401, 'unauthorized', 'bearer token required (header or ?token=)');
  if (secret === null) throw new ApiError(401, 'unauthorized', 'bearer tokens are not enabled (no MIDGARD_JWT_SECRET)');
  let payload: Record<string, unknown>;
  try {
    payload = (await verify(token, secret, 'HS256')) as Record<string, unknown>;
  } catch (err) {
    throw new ApiError(401, 'unauthorized', `invalid token: ${(err as Error).name}`);
  }
  const role = payload['role'];
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role) || typeof payload['sub'] !== 'string') {
    throw new ApiError(401, 'unauthorized', 'token lacks a valid sub/role');
  }
  if (!roleAtLeast(role as Role, 'gm')) throw new ApiError(403, 'forbidden', "role 'gm' or higher required");
  return role as Role;
}

/**
 * `GET /api/v1/stately?watch=npc:a,npc:b&token=<JWT>` (gm+, WebSocket): relays the watched actors' transitions
 * in the `@statelyai/inspect` WebSocket protocol, so Stately's inspector (pointed at this URL) can attach next
 * to the dashboard. Inspection is switched on only for the watched actors and off when the socket closes.
 * Frames from the client are ignored: this relay only speaks. Needs a real server (`startGateway`).
 *
 * @example
 * app.route('/', statelyRelayRoutes(deps, app.lifecycle));
 */
export function statelyRelayRoutes(deps: Pick<GatewayDeps, 'runtime' | 'config' | 'logicOf'>, lifecycle?: Lifecycle): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  app.get(
    STATELY_PATH,
    async function checkStatelyRequest(c, next) {
      await authorize(c, deps.config.jwtSecret);
      const watch = (c.req.query('watch') ?? '').split(',').filter((s) => s.length > 0);
      if (watch.length === 0 || watch.length > MAX_WATCHED) throw new ApiError(400, 'invalid_request', `watch 1..${MAX_WATCHED} actors (?watch=kind:key,…)`);
      const bad = watch.find((id) => !ACTOR_ID.test(id));
      if (bad !== undefined) throw new ApiError(400, 'invalid_request', `'${bad}' is not an actor id (kind:key)`);
      if (lifecycle?.closing) throw new ApiError(503, 'shutting_down', 'the gateway is shutting down');
      await next();
    },
    upgradeWebSocket((c) => {
      const watch = [...new Set((c.req.query('watch') ?? '').split(',').filter((s) => s.length > 0))];
      const cleanups: (() => void)[] = [];
      let closed = false;
      const stop = () => {
        closed = true;
        for (const cleanup of cleanups.splice(0)) cleanup();
      };
      const send = (ws: WSContext, events: StatelyInspectionEvent[]) => {
        for (const e of events) if (ws.readyState === 1) ws.send(JSON.stringify(e));
      };
      return {
        async onOpen(_evt, ws) {
          if (lifecycle) cleanups.push(lifecycle.track(() => ws.close(1001, 'gateway shutting down')));
          for (const id of watch) {
            const detail = await deps.runtime.getActor(id);
            if (closed) return; // the socket went away while we looked the actor up: watch nothing
            const kind = id.split(':', 1)[0]!;
            const value = (detail?.snapshot as { value?: unknown } | null | undefined)?.value;
            const definition = definitionOf(deps.logicOf?.(kind), { kind, value, declared: declarationOf(deps.runtime, kind)?.eventTypes });
            const session = new StatelySession(id, detail?.snapshot, definition);
            send(ws, [session.announce(deps.runtime.clock().now)]);
            cleanups.push(deps.runtime.watch(id, (t) => send(ws, session.transition(t))));
          }
        },
        onClose: stop,
        onError: stop,
      };
    }),
  );
  return app;
}
