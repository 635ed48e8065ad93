import { createMachine } from 'xstate';
import { run } from './kit/run.ts';
import type { ActorInput } from './kit/input.ts';
import { timer, type Delivered, type Output } from './kit/outputs.ts';
import { HOUR } from './kit/time.ts';
import { announce, mapFlag, type SwitchFlag } from './kit/actions.ts';
import { pickWeighted } from './kit/random.ts';
import { loadedTowns as towns } from './kit/stockMaps.ts';

/**
 * The Weather agent (`weather:main`): every three virtual hours each town's sky moves one step of a Markov
 * chain shaped by its climate (Morocc rarely rains, Lutie-like north snows). The machine has one parallel region
 * per town whose states are the skies of its climate, so the diagram shows every town's sky and where it can go. Only changes reach the game: the
 * previous sky's rAthena map flag goes off and the new one's goes on (`SKY_FLAG`); skies rAthena has no flag for
 * of their own (rain, storm, sandstorm) borrow the nearest one and are told to the town's players.
 *
 * @example
 * runtime.send('weather:main', { type: 'weather.shift' });
 */
export type Sky = 'clear' | 'cloudy' | 'rain' | 'storm' | 'snow' | 'fog' | 'sandstorm';
export interface WeatherContext {
  rng: number;
  /** each town's sky, which the shift reads and writes; the state of the town's region follows it */
  sky: Record<string, Sky>;
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

const shift = run((ctx: WeatherContext) => {
  let rng = ctx.rng;
  const sky = { ...ctx.sky };
  const out: Output[] = [];
  let changes = ctx.changes;
  for (const t of towns) {
    const now = sky[t.name] ?? 'clear';
    const [next, r] = nextSky(rng, t.name, now);
    rng = r;
    if (next !== now) {
      out.push(...skyChange(t.name, now, next));
      changes++;
    }
    sky[t.name] = next;
  }
  return { ctx: { ...ctx, rng, sky, changes }, out };
});

/** One region per town: the skies its climate knows, each left as soon as the town's sky is another. */
function townRegion(town: string) {
  const skies = Object.keys(CLIMATE[climateOf(town)]!) as Sky[];
  const follow = (here: Sky) =>
    skies.filter((s) => s !== here).map((s) => ({ guard: ({ context }: { context: WeatherContext }) => context.sky[town] === s, target: s }));
  return { initial: 'clear', states: Object.fromEntries(skies.map((s) => [s, { always: follow(s) }])) };
}

export const weatherMachine = createMachine({
  id: 'weather',
  types: {} as { context: WeatherContext; events: Delivered & Record<string, any>; input: ActorInput },
  context: ({ input }) => ({ rng: input.seed, sky: Object.fromEntries(towns.map((t) => [t.name, 'clear' as Sky])), changes: 0 }),
  // on creation only: a restored actor does not re-run its entry, and the runtime keeps the timer
  entry: run((ctx: WeatherContext) => ({ ctx, out: [timer({ id: 'shift', every: 3 * HOUR, event: { type: 'weather.shift' } })] })),
  on: { 'weather.shift': { actions: shift } },
  type: 'parallel',
  states: Object.fromEntries(towns.map((t) => [t.name, townRegion(t.name)])),
});
