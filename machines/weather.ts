import { createMachine } from 'xstate';
import { run, update } from './kit/run.ts';
import type { ActorInput } from './kit/input.ts';
import { timer, type Delivered, type Output } from './kit/outputs.ts';
import { HOUR } from './kit/time.ts';
import { announce, mapFlag, type SwitchFlag } from './kit/actions.ts';
import { nextRandom, pickWeighted } from './kit/random.ts';
import { loadedTowns as towns } from './kit/stockMaps.ts';

/**
 * The Weather agent (`weather:main`): every three virtual hours each town's sky moves one step of a Markov
 * chain shaped by its climate (Morocc rarely rains, Lutie-like north snows). The machine has one parallel region
 * per town whose states are the skies of its climate, so the state is every town's sky and the diagram shows
 * where each can go. Only changes reach the game: the
 * previous sky's rAthena map flag goes off and the new one's goes on (`SKY_FLAG`); skies rAthena has no flag for
 * of their own (rain, storm, sandstorm) borrow the nearest one and are told to the town's players.
 *
 * @example
 * runtime.send('weather:main', { type: 'weather.shift' });
 */
export type Sky = 'clear' | 'cloudy' | 'rain' | 'storm' | 'snow' | 'fog' | 'sandstorm';
/** Each town's sky is not here: it is the state of the town's region (the snapshot's `value`). */
export interface WeatherContext {
  rng: number;
  changes: number;
}

const CLIMATE: Record<string, Partial<Record<Sky, number>>> = {
  desert: { clear: 6, cloudy: 1, sandstorm: 2 },
  north: { clear: 2, cloudy: 3, snow: 4, fog: 1 },
  temperate: { clear: 5, cloudy: 3, rain: 2, storm: 0.5, fog: 1 },
};
/** The real rAthena weather flag that shows each sky (`null`: none). */
export const SKY_FLAG: Record<Sky, SwitchFlag | null> = { clear: null, cloudy: 'clouds', rain: 'clouds2', storm: 'clouds2', snow: 'snow', fog: 'fog', sandstorm: 'fog' };
/** What players on the town are told when the sky turns to one its flag alone does not show. */
const TOLD: Partial<Record<Sky, string>> = { rain: 'Rain begins to fall', storm: 'A thunderstorm breaks', sandstorm: 'A sandstorm sweeps in' };

/** The outputs that turn `from` into `to` on one town: flags off then on, and the sky told when no flag shows it. */
export function skyChange(town: string, from: Sky, to: Sky): Output[] {
  const out: Output[] = [];
  const off = SKY_FLAG[from];
  const on = SKY_FLAG[to];
  if (off && off !== on) out.push(mapFlag(town, off, false));
  if (on && on !== off) out.push(mapFlag(town, on, true));
  const told = TOLD[to];
  if (told) out.push(announce(`${told} over ${town}.`, { target_map: town }));
  return out;
}

const climateOf = (town: string) => (['morocc', 'veins', 'rachel'].includes(town) ? 'desert' : ['yuno', 'einbroch', 'lighthalzen', 'niflheim', 'hugel'].includes(town) ? 'north' : 'temperate');

/** Persistence: today's sky stays with weight 12 on top of the climate, so weather comes in spells of a day or so. */
export function nextSky(rng: number, town: string, now: Sky): [Sky, number] {
  const weights: Partial<Record<Sky, number>> = { ...CLIMATE[climateOf(town)] };
  weights[now] = (weights[now] ?? 0) + 12;
  return pickWeighted(rng, Object.keys(weights) as Sky[], (s) => weights[s] ?? 0);
}

/** The generator's state before each town's draw in a shift starting at `rng` (towns draw once each, in order). */
let drawsFrom = { rng: NaN, before: [] as number[] };
function rngBefore(rng: number, index: number): number {
  // every region's guards ask during one shift: compute the shift's draws once
  if (drawsFrom.rng !== rng) {
    const before: number[] = [];
    for (let i = 0, r = rng; i <= towns.length; i++, r = nextRandom(r)[1]) before.push(r);
    drawsFrom = { rng, before };
  }
  return drawsFrom.before[index]!;
}

type Args = { context: WeatherContext };

/**
 * One region per town, whose states are the skies of its climate. On a shift each region draws its town's next
 * sky (town `i` reads the shift's `i`-th draw) and moves to it, telling the game; a town whose sky stays takes no
 * transition. The last region always takes one, to move the generator past the shift's draws.
 */
function townRegion(town: string, index: number) {
  const skies = Object.keys(CLIMATE[climateOf(town)]!) as Sky[];
  const last = index === towns.length - 1;
  const pastShift = (ctx: WeatherContext) => (last ? rngBefore(ctx.rng, towns.length) : ctx.rng);
  const from = (here: Sky) => [
    ...skies
      .filter((to) => to !== here)
      .map((to) => ({
        guard: ({ context }: Args) => nextSky(rngBefore(context.rng, index), town, here)[0] === to,
        target: to,
        actions: run((ctx: WeatherContext) => ({ ctx: { ...ctx, rng: pastShift(ctx), changes: ctx.changes + 1 }, out: skyChange(town, here, to) })),
      })),
    ...(last ? [{ actions: update((ctx: WeatherContext) => ({ ...ctx, rng: pastShift(ctx) })) }] : []),
  ];
  return { initial: 'clear', states: Object.fromEntries(skies.map((s) => [s, { on: { 'weather.shift': from(s) } }])) };
}

export const weatherMachine = createMachine({
  id: 'weather',
  types: {} as { context: WeatherContext; events: Delivered & Record<string, any>; input: ActorInput },
  context: ({ input }) => ({ rng: input.seed, changes: 0 }),
  // on creation only: a restored actor does not re-run its entry, and the runtime keeps the timer
  entry: run((ctx: WeatherContext) => ({ ctx, out: [timer({ id: 'shift', every: 3 * HOUR, event: { type: 'weather.shift' } })] })),
  type: 'parallel',
  states: Object.fromEntries(towns.map((t, i) => [t.name, townRegion(t.name, i)])),
});

