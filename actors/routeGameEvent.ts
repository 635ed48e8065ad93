import type { EventType, NpcTemplate } from '../contract/index.ts';
import { factionOfMap } from '../machines/faction.kind.ts';
import { MAIN, type Route, type SeenGameEvent, type TemplateClick } from '../machines/kit/kind.ts';
import type { PlainEvent } from '../machines/kit/outputs.ts';
import { KINDS, WORLD_OF_KINDS } from './kinds.ts';
import { eventKey } from '../persistence/eventKey.ts';
import type { GameEvent } from '../persistence/types.ts';

/**
 * Which actors hear a game event from rAthena, derived from the kinds' declared `routes` (actors/kinds.ts): each
 * kind that routes the event type names the keys of its actors that hear it, in the list's order. The event keeps
 * the contract's fields (`player_id`, `map`, `payload`, `timestamp`) under `type = event_type`; the runtime stamps
 * `meta`. A click on a template NPC a kind settles (a chest, a dig site) reaches that kind alone. Every event type
 * of the contract is routed by some kind or listed in {@link HEARD_BY_NOBODY} (a test fails otherwise); a type
 * outside the contract (an old journal's) reaches nobody.
 *
 * @example
 * routeGameEvent({ event_type: 'monster_kill', player_id: 1, map: 'prt_fild08', timestamp: 0, priority: 'normal', payload: { monster_id: 1002 } });
 * // → the world (which forwards it to agents watching prt_fild08) and the Prontera guard
 */
export interface Routed {
  to: string;
  event: PlainEvent;
}

export { factionOfMap };

/** Contract event types no kind hears, each with the reason. */
export const HEARD_BY_NOBODY: Partial<Record<EventType, string>> = {
  player_logout: 'presence is counted from logins and activity',
};

/** Every template's click: settled by the kind that spawns it, or `null` (an ordinary click the world observes). */
export const TEMPLATE_CLICKS: Partial<Record<NpcTemplate, { kind: string; click: TemplateClick | null }>> = Object.fromEntries(
  KINDS.flatMap((k) => Object.entries(k.templates ?? {}).map(([template, click]) => [template, { kind: k.name, click }])),
);

function templateClick(payload: Record<string, unknown>, player: number): Routed | null {
  const name = typeof payload.npc_name === 'string' ? payload.npc_name : '';
  const hash = name.indexOf('#');
  if (hash < 0) return null;
  const template = payload.template;
  const declared =
    typeof template === 'string' && Object.hasOwn(TEMPLATE_CLICKS, template)
      ? TEMPLATE_CLICKS[template as NpcTemplate]
      : Object.values(TEMPLATE_CLICKS).find((t) => t?.click && name.startsWith(t.click.prefix));
  return declared?.click ? { to: `${declared.kind}:${MAIN}`, event: declared.click.event(name.slice(hash + 1), player) } : null;
}

/** The kinds that route each event type, in the list's order. */
export const EVENT_ROUTES: Partial<Record<EventType, { kind: string; route: Route }[]>> = {};
for (const k of KINDS) {
  for (const [type, route] of Object.entries(k.routes ?? {}) as [EventType, Route][]) (EVENT_ROUTES[type] ??= []).push({ kind: k.name, route });
}

export function routeGameEvent(e: GameEvent): Routed[] {
  const routes = Object.hasOwn(EVENT_ROUTES, e.event_type) ? EVENT_ROUTES[e.event_type as EventType] : undefined;
  if (!routes) return [];
  const payload = e.payload ?? {};
  const event: PlainEvent = { type: e.event_type, payload, timestamp: e.timestamp };
  const player = Number.isInteger(e.player_id) && e.player_id! > 0 ? e.player_id! : null;
  if (player !== null) event.player_id = player;
  if (e.map) event.map = e.map;
  // a click on a chest or dig site is a claim for the kind that placed it, and nothing else
  if (e.event_type === 'npc_interaction' && player !== null) {
    const claim = templateClick(payload, player);
    if (claim) return [claim];
  }
  const seen: SeenGameEvent = { type: e.event_type, map: e.map, player, payload, event };
  const out: Routed[] = [];
  for (const { kind, route } of routes) {
    const got = route === MAIN ? MAIN : route(seen, WORLD_OF_KINDS);
    for (const r of Array.isArray(got) ? got : [got]) {
      if (r === null || r === undefined || r === false) continue;
      if (typeof r === 'object') out.push({ to: `${kind}:${r.key}`, event: r.event });
      else out.push({ to: `${kind}:${r}`, event });
    }
  }
  return out;
}

/**
 * Route a game event and send each message traced by the event's journal key (the gateway's batch key, the
 * `event_id`, or the content key): effects of one event keep their ids however often it is replayed, so a replay
 * after a crash cannot act twice. A second message to the same actor gets its ordinal in the trace. Returns how
 * many messages were sent.
 *
 * @example
 * dispatchGameEvent((to, event, trace) => runtime.send(to, event, 'game', trace), journaled, journaled.key);
 */
export function dispatchGameEvent(send: (to: string, event: PlainEvent, trace: string) => void, e: GameEvent, key: string = eventKey(e)): number {
  const routed = routeGameEvent(e);
  const seen = new Map<string, number>();
  for (const r of routed) {
    const n = seen.get(r.to) ?? 0;
    seen.set(r.to, n + 1);
    send(r.to, r.event, n === 0 ? `${key}:${r.to}` : `${key}:${r.to}:${n}`);
  }
  return routed.length;
}
