import { createMachine } from 'xstate';
import { run, update } from './kit/run.ts';
import type { ActorInput } from './kit/input.ts';
import { timer, type Delivered, type Output } from './kit/outputs.ts';
import { announce, mapFlag, randomCell, spawnMonsters, type RateFlag, type SwitchFlag } from './kit/actions.ts';
import { pick, randomInt } from './kit/random.ts';
import { pickMapsByActivity } from './kit/weighted.ts';
import { loadedWilds } from './kit/stockMaps.ts';
import { HOUR } from './kit/time.ts';
import { monstersForMap, type MapFact } from '../facts/index.ts';

/**
 * The MapHazard agent (`hazard:main`): at 00:30, 3–5 maps get a hazard for 6–12 hours. Each hazard is what
 * rAthena really does (`HAZARDS`): weather flags players see (`fog`, `snow`, `clouds2`), an experience rate
 * (`bexp` 75 = hunting there gives 25% less), or monsters stirred up; the flags are set back when it expires.
 * The hazard's name is Midgard's, told to the map's players.
 *
 * Modes: `calm` (no hazard anywhere) and `active` (hazards on some maps); a day's run adds hazards on maps not
 * already under one, and the last hazard to lift makes the world calm again.
 *
 * @example
 * runtime.send('hazard:main', { type: 'pipeline.run', slot: 'hazard', day: 2 });
 */
export interface ActiveHazard {
  id: string;
  map: string;
  hazard: HazardName;
  until: number;
}
export interface HazardContext {
  rng: number;
  hotMaps: { map: string; activity: number }[];
  active: ActiveHazard[];
  started: number;
  ended: number;
}

type FlagEffect = { flag: SwitchFlag; on: true; off: false } | { flag: RateFlag; on: number; off: number };
const sky = (flag: SwitchFlag): FlagEffect => ({ flag, on: true, off: false });
/** base exp at 75%: the hazard wears hunters down */
const weary: FlagEffect = { flag: 'bexp', on: 75, off: 100 };

/** What each hazard does in game: flags set on (and back off at the end), and groups of the map's monsters. */
export const HAZARDS = {
  sandstorm: { flags: [sky('fog')], spawns: 0 },
  heatwave: { flags: [weary], spawns: 0 },
  miasma: { flags: [sky('fog'), weary], spawns: 0 },
  cave_in: { flags: [], spawns: 3 },
  poison_fog: { flags: [sky('fog'), weary], spawns: 0 },
  blizzard: { flags: [sky('snow')], spawns: 0 },
  thunderstorm: { flags: [sky('clouds2')], spawns: 1 },
} satisfies Record<string, { flags: FlagEffect[]; spawns: number }>;
export type HazardName = keyof typeof HAZARDS;

const hazardsFor = (m: MapFact): HazardName[] =>
  m.region === 'morocc' ? ['sandstorm', 'heatwave'] : m.kind === 'dungeon' ? ['miasma', 'cave_in'] : ['poison_fog', 'blizzard', 'thunderstorm'];

const setFlag = (map: string, f: FlagEffect, on: boolean): Output =>
  f.flag === 'bexp' || f.flag === 'jexp' ? mapFlag(map, f.flag, (on ? f.on : f.off) as number) : mapFlag(map, f.flag, on);

type Ev = Delivered & Record<string, any>;

/** The day's hazards: 3–5 maps not already under one, each with its flags, monsters and end timer. */
function settle(ctx: HazardContext, ev: Ev): { ctx: HazardContext; out: Output[] } {
  const [count, r1] = randomInt(ctx.rng, 3, 5);
  const busy = new Set(ctx.active.map((h) => h.map));
  const [maps, r2] = pickMapsByActivity(r1, loadedWilds.filter((m) => !busy.has(m.name)), ctx.hotMaps, count);
  let rng = r2;
  const out: Output[] = [];
  const active = [...ctx.active];
  maps.forEach((m, i) => {
    const [hazard, ra] = pick(rng, hazardsFor(m));
    const [hours, rb] = randomInt(ra, 6, 12);
    rng = rb;
    const h: ActiveHazard = { id: `${ev.day ?? 0}.${i}`, map: m.name, hazard, until: ev.meta.now + hours * HOUR };
    active.push(h);
    out.push(...HAZARDS[hazard].flags.map((f) => setFlag(m.name, f, true)));
    for (let s = 0; s < HAZARDS[hazard].spawns; s++) {
      const [monster, rc] = pick(rng, monstersForMap(m.name));
      const [x, y, rd] = randomCell(rc, m.name);
      rng = rd;
      out.push(spawnMonsters(m.name, x, y, monster.id, 5));
    }
    out.push(
      announce(`A ${hazard.replace('_', ' ')} settles over ${m.name} for ${hours} hours.`, { target_map: m.name }),
      timer({ id: `hazard:${h.id}`, at: h.until, event: { type: 'hazard.expire', id: h.id } }),
    );
  });
  return { ctx: { ...ctx, rng, active, started: ctx.started + maps.length }, out };
}

/** One hazard ends: its flags go back and its map hears so. */
function lift(ctx: HazardContext, ev: Ev): { ctx: HazardContext; out: Output[] } {
  const h = ctx.active.find((x) => x.id === ev.id)!;
  return {
    ctx: { ...ctx, active: ctx.active.filter((x) => x !== h), ended: ctx.ended + 1 },
    out: [...(HAZARDS[h.hazard]?.flags ?? []).map((f) => setFlag(h.map, f, false)), announce(`The ${h.hazard.replace('_', ' ')} over ${h.map} lifts.`, { target_map: h.map })],
  };
}

const isActive = ({ context, event }: { context: HazardContext; event: Ev }) => context.active.some((h) => h.id === event.id);
// every wild map already under a hazard: a run finds nowhere to put one
const anyFree = ({ context }: { context: HazardContext }) => context.active.length < loadedWilds.length;

export const hazardMachine = createMachine({
  id: 'hazard',
  types: {} as { context: HazardContext; events: Ev; input: ActorInput },
  context: ({ input }) => ({ rng: input.seed, hotMaps: [], active: [], started: 0, ended: 0 }),
  on: {
    'world.digest': { actions: update((ctx: HazardContext, ev) => ({ ...ctx, hotMaps: ev.digest?.hotMaps ?? [] })) },
  },
  initial: 'calm',
  states: {
    calm: {
      on: { 'pipeline.run': { guard: anyFree, target: 'active', actions: run(settle) } },
    },
    active: {
      on: {
        'pipeline.run': { guard: anyFree, actions: run(settle) },
        'hazard.expire': [
          { guard: (a) => isActive(a) && a.context.active.length === 1, target: 'calm', actions: run(lift) },
          { guard: isActive, actions: run(lift) },
        ],
      },
    },
  },
});
