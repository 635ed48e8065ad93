import type { AnyActorLogic } from 'xstate';
import type { EventType, NpcTemplate } from '../../contract/index.ts';
import { FACTIONS } from './ids.ts';
import type { PlainEvent } from './outputs.ts';

/**
 * One actor kind, declared once: everything the world needs to know about it besides its behaviour. Each kind's
 * declaration lives beside its logic, in `machines/<kind>.kind.ts` (a sibling, not the machine file itself: the
 * machine file stays about behaviour, the declaration about how the world wires it in — routing, schedule,
 * anti-cheat, dashboard — and the two change for different reasons). `actors/kinds.ts` lists the declarations;
 * bootstrap, the pipeline's schedule, routing, the anti-cheat's bounds, the world digest's readers, the sim
 * summary and the dashboard panels are derived from that list, so adding a kind touches its two files and the list.
 *
 * What is *not* declared here, because the logic already says it: the event types the kind accepts (the `on` keys
 * of its machine or reducer, {@link acceptedEvents}), and whether it reads the world digest (it accepts
 * `world.digest`).
 *
 * @example
 * export const kind = defineKind({
 *   name: 'boss', ids: 'singleton', logic: bossMachine, boot: true,
 *   routes: { mvp_kill: MAIN },
 *   rewards: { zeny: 200_000, base_exp: 1_000_000, job_exp: 1_000_000, quantity: 1 },
 *   examples: [{ type: 'boss.rise' }],
 *   summary: (c) => ({ slain: c.slain, escaped: c.escaped, tier: c.tier }),
 * });
 */
export interface KindDeclaration {
  /** the `kind` of `kind:key` ids; also the file name (`machines/<name>.ts`) and the reward source */
  name: string;
  /** how its actors are keyed: see {@link IdScheme} */
  ids: IdScheme;
  /** its behaviour; a function when the logic is built from the other kinds (the pipeline, the world) */
  logic: AnyActorLogic | ((world: WorldOfKinds) => AnyActorLogic);
  /** extra actor input beyond the runtime's ActorInput (a pure function of the key) */
  input?: (key: string) => Record<string, unknown>;
  /** topics every actor of the kind hears */
  topics?: string[];
  /** which game events reach it, and which of its actors: see {@link Route} */
  routes?: Partial<Record<EventType, Route>>;
  /** NPC templates it spawns; a click on one is settled by `click` (null: an ordinary click the world observes) */
  templates?: Partial<Record<NpcTemplate, TemplateClick | null>>;
  /** its actors are created at boot: `true` sends each boot id `actor.start`; a function names the event */
  boot?: true | ((population: number) => PlainEvent);
  /** its daily pipeline slot (`HH:MM`, virtual UTC): the pipeline sends `pipeline.run` with slot = name */
  daily?: string;
  /** the most one reward of this kind may grant (the anti-cheat refuses more); absent: it grants none */
  rewards?: RewardBounds;
  /** example events for the dashboard's send form: valid for the actor, sent by an admin, no dead letters */
  examples: PlainEvent[];
  /** what the sim summary reports of one actor, from its context */
  summary?: (context: any) => unknown;
  /** a dashboard panel (its title) drawn from this kind's actors, by the renderer of that kind in panels.js */
  panel?: string;
}

/**
 * How a kind's actors are keyed: `singleton` is `kind:main`; `faction` one per faction (`faction:geffen_magi`);
 * `player` one per player (`karma:150001`); `npc` one per NPC (`npc:1042`).
 */
export type IdScheme = 'singleton' | 'faction' | 'player' | 'npc';

/** The singleton key. */
export const MAIN = 'main';

/** What a route sees of a game event: the event as actors get it, and the facts most routes look at. */
export interface SeenGameEvent {
  type: string;
  map?: string;
  /** the char id, or null for a server event */
  player: number | null;
  payload: Record<string, unknown>;
  /** the event as actors receive it (contract fields under `type = event_type`) */
  event: PlainEvent;
}

type Key = string | number;
/** one recipient: its key (the event as is), or its key and the event it gets instead */
export type Recipient = Key | { key: Key; event: PlainEvent };
/**
 * How a game event reaches a kind: `MAIN` for the singleton, or a function giving the key(s) of the actors that
 * hear it — nothing (null/undefined/false), one, or several, each optionally with an event of its own.
 */
export type Route =
  | typeof MAIN
  | ((e: SeenGameEvent, world: WorldOfKinds) => Recipient | null | undefined | false | readonly (Recipient | null | undefined | false)[]);

/** A click on a spawned template NPC settled by its kind: the name's part after `#` is the kind's own id. */
export interface TemplateClick {
  /** the spawned NPC's name up to and including `#` */
  prefix: string;
  event: (hidden: string, player: number) => PlainEvent;
}

export interface RewardBounds {
  zeny: number;
  base_exp: number;
  job_exp: number;
  quantity: number;
}

/** What kinds whose logic is built from the others get to see (derived by `actors/kinds.ts`). */
export interface WorldOfKinds {
  /** the daily pipeline, by time of day */
  schedule: readonly { slot: string; at: string; to: string }[];
  /** the singletons and factions started at boot (`boot: true`): they keep time of their own; less `except` */
  timekeepers: (except?: string) => string[];
  /** singletons that read the world digest (their logic accepts `world.digest`) */
  digestReaders: readonly string[];
}

/** Identity, typed: a declaration is checked where it is written. */
export const defineKind = <const K extends KindDeclaration>(kind: K): K => kind;

/** The ids a kind starts at boot (the NPC population needs its size). */
export function bootIdsOf(kind: Pick<KindDeclaration, 'name' | 'ids'>, population = 0): string[] {
  switch (kind.ids) {
    case 'singleton':
      return [`${kind.name}:${MAIN}`];
    case 'faction':
      return FACTIONS.map((f) => `${kind.name}:${f}`);
    case 'npc':
      return Array.from({ length: population }, (_, n) => `${kind.name}:${n}`);
    case 'player':
      return [];
  }
}

/** A representative id of the kind, for tests and tools (`npc:3`, `karma:150001`). */
export function sampleIdOf(kind: Pick<KindDeclaration, 'name' | 'ids'>): string {
  return { singleton: `${kind.name}:${MAIN}`, faction: `${kind.name}:${FACTIONS[1]}`, player: `${kind.name}:150001`, npc: `${kind.name}:3` }[kind.ids];
}

interface NodeLike {
  on?: Record<string, unknown>;
  states?: Record<string, NodeLike>;
}

/**
 * The event types a logic accepts, read from its own definition: the `on` keys of every state node of a machine
 * (wildcards included), or of a reducer's table (`reducerLogic` keeps its spec as `config`). Null when the
 * logic does not expose them (an @xstate/store's `fromStore` keeps its handlers to itself).
 */
export function acceptedEvents(logic: AnyActorLogic): string[] | null {
  const root = (logic as { root?: NodeLike }).root;
  const types = new Set<string>();
  if (root && typeof root === 'object') {
    const visit = (node: NodeLike) => {
      for (const type of Object.keys(node.on ?? {})) if (!type.startsWith('xstate.')) types.add(type);
      for (const child of Object.values(node.states ?? {})) visit(child);
    };
    visit(root);
    return [...types].sort();
  }
  const table = (logic as { config?: { on?: Record<string, unknown> } }).config?.on;
  return table && typeof table === 'object' ? Object.keys(table).sort() : null;
}

/** Does a kind that accepts `accepted` (exact types, `*`, or `prefix.*` wildcards) take an event of `type`? */
export function acceptsEvent(accepted: readonly string[], type: string): boolean {
  return accepted.some((d) => d === type || d === '*' || (d.endsWith('.*') && type.startsWith(d.slice(0, -1))));
}
