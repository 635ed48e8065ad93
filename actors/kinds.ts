import type { AnyActorLogic } from 'xstate';
import { acceptedEvents, bootIdsOf, MAIN, type KindDeclaration, type RewardBounds, type WorldOfKinds } from '../machines/kit/kind.ts';
import type { PlainEvent } from '../machines/kit/outputs.ts';
import { kind as world } from '../machines/world.kind.ts';
import { kind as economy } from '../machines/economy.kind.ts';
import { kind as pipeline } from '../machines/pipeline.kind.ts';
import { kind as weather } from '../machines/weather.kind.ts';
import { kind as worldevent } from '../machines/worldevent.kind.ts';
import { kind as boss } from '../machines/boss.kind.ts';
import { kind as quest } from '../machines/quest.kind.ts';
import { kind as arc } from '../machines/arc.kind.ts';
import { kind as faction } from '../machines/faction.kind.ts';
import { kind as karma } from '../machines/karma.kind.ts';
import { kind as memory } from '../machines/memory.kind.ts';
import { kind as reputation } from '../machines/reputation.kind.ts';
import { kind as problem } from '../machines/problem.kind.ts';
import { kind as dungeon } from '../machines/dungeon.kind.ts';
import { kind as hazard } from '../machines/hazard.kind.ts';
import { kind as treasure } from '../machines/treasure.kind.ts';
import { kind as archaeology } from '../machines/archaeology.kind.ts';
import { kind as visitor } from '../machines/visitor.kind.ts';
import { kind as social } from '../machines/social.kind.ts';
import { kind as caravan } from '../machines/caravan.kind.ts';
import { kind as chain } from '../machines/chain.kind.ts';
import { kind as npc } from '../machines/npc.kind.ts';

/**
 * The world's actor kinds, in one list. Each is declared beside its logic (`machines/<kind>.kind.ts`, see
 * `machines/kit/kind.ts`); everything else is derived from this list: the runtime's catalogue
 * (`actors/catalogue.ts`), bootstrap, the pipeline's schedule, game-event routing, the anti-cheat's reward
 * bounds, the world digest's readers, the sim summary and the dashboard's panels. Adding a kind: write its two
 * files and add it here.
 *
 * The order is meaningful: it is the order in which actors are started at boot and in which the actors a game
 * event reaches are sent it (the world first, so it has counted an event before anyone asks it about it).
 */
const DECLARED: readonly KindDeclaration[] = [
  world, economy, pipeline, weather, worldevent, boss, quest, arc, faction, karma, memory, reputation,
  problem, dungeon, hazard, treasure, archaeology, visitor, social, caravan, chain, npc,
];

/** A declared kind with its logic built and the event types it accepts read from that logic. */
export interface Kind extends Omit<KindDeclaration, 'logic'> {
  logic: AnyActorLogic;
  /**
   * What the logic accepts (`on` keys of every state / of the reducer). A store does not expose its handlers:
   * for one, the types of its examples, which must then cover every event it takes.
   */
  accepts: string[];
}

const fail = (message: string): never => {
  throw new Error(`actors/kinds.ts: ${message}`);
};

function accepted(declared: KindDeclaration, logic: AnyActorLogic): string[] {
  return acceptedEvents(logic) ?? [...new Set(declared.examples.map((e) => e.type))].sort();
}

function derive(declared: readonly KindDeclaration[]): { kinds: Kind[]; world: WorldOfKinds } {
  const names = declared.map((k) => k.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) fail(`kind '${twice}' is declared twice`);
  const fixed = declared.flatMap((k) => (typeof k.logic === 'function' ? [] : [{ ...k, logic: k.logic, accepts: accepted(k, k.logic) }]));
  const singleton = (k: KindDeclaration, what: string) => (k.ids === 'singleton' ? `${k.name}:${MAIN}` : fail(`${k.name} ${what}, but it is not a singleton`));
  const schedule = declared
    .filter((k) => k.daily !== undefined)
    .map((k) => ({ slot: k.name, at: /^([01]\d|2[0-3]):[0-5]\d$/.test(k.daily!) ? k.daily! : fail(`${k.name}: daily '${k.daily}' is not HH:MM`), to: singleton(k, 'has a daily slot') }))
    .sort((a, b) => a.at.localeCompare(b.at) || a.slot.localeCompare(b.slot));
  const digestReaders = fixed.filter((k) => k.accepts.includes('world.digest')).map((k) => singleton(k, 'reads the world digest'));
  const timekeepers = declared.filter((k) => k.boot === true).flatMap((k) => bootIdsOf(k));
  const world: WorldOfKinds = { schedule, digestReaders, timekeepers: (except) => timekeepers.filter((id) => id !== except) };
  const kinds = declared.map((k): Kind => {
    if (typeof k.logic !== 'function') return fixed.find((f) => f.name === k.name)!;
    const logic = k.logic(world);
    const kind = { ...k, logic, accepts: accepted(k, logic) };
    if (kind.accepts.includes('world.digest')) fail(`${k.name} reads the world digest but its logic is built from the list of readers`);
    return kind;
  });
  return { kinds, world };
}

const derived = derive(DECLARED);

/** Every kind, in the list's order. */
export const KINDS: readonly Kind[] = derived.kinds;

/** What kinds built from the others see: the daily schedule, the timekeepers, the digest's readers. */
export const WORLD_OF_KINDS: WorldOfKinds = derived.world;

/** The daily pipeline: each kind's `daily` slot, by time of day. */
export const SCHEDULE = WORLD_OF_KINDS.schedule;

/** Who gets the world's daily digest: the singletons whose logic accepts `world.digest`. */
export const DIGEST_READERS = WORLD_OF_KINDS.digestReaders;

export const kindNamed = (name: string): Kind | undefined => KINDS.find((k) => k.name === name);

/** What the anti-cheat lets each reward source (a kind's name) grant at most. */
export const REWARD_BOUNDS: Readonly<Record<string, RewardBounds>> = Object.fromEntries(KINDS.flatMap((k) => (k.rewards ? [[k.name, k.rewards]] : [])));

/** The world's first messages, in the list's order: `actor.start` for timekeepers, the kind's own event else. */
export function bootMessages(population: number): { to: string; event: PlainEvent }[] {
  return KINDS.flatMap((k) => {
    if (!k.boot) return [];
    const event = k.boot === true ? { type: 'actor.start' } : k.boot(population);
    return bootIdsOf(k, population).map((to) => ({ to, event }));
  });
}

/** The ids a kind's summary and panel read: its boot ids, or its singleton. */
export function residentIdsOf(k: Kind): string[] {
  return k.ids === 'singleton' ? [`${k.name}:${MAIN}`] : k.ids === 'faction' ? bootIdsOf(k) : [];
}
