import { reducerLogic, step } from './kit/reducer.ts';
import { timer, type Output } from './kit/outputs.ts';
import { mapFlag } from './kit/actions.ts';
import { pickWeighted } from './kit/random.ts';
import { towns } from '../facts/index.ts';

/**
 * The Weather agent (`weather:main`): every three virtual hours each town's sky moves one step of a Markov
 * chain shaped by its climate (Morocc rarely rains, Lutie-like north snows). Only changes become map flags.
 *
 * @example
 * runtime.send('weather:main', { type: 'weather.shift' });
 */
export type Sky = 'clear' | 'cloudy' | 'rain' | 'storm' | 'snow' | 'fog' | 'sandstorm';
export interface WeatherContext extends Record<string, unknown> {
  rng: number;
  sky: Record<string, Sky>;
  changes: number;
}

const CLIMATE: Record<string, Partial<Record<Sky, number>>> = {
  desert: { clear: 6, cloudy: 1, sandstorm: 2 },
  north: { clear: 2, cloudy: 3, snow: 4, fog: 1 },
  temperate: { clear: 5, cloudy: 3, rain: 2, storm: 0.5, fog: 1 },
};
const climateOf = (town: string) => (['morocc', 'veins', 'rachel'].includes(town) ? 'desert' : ['yuno', 'einbroch', 'lighthalzen', 'niflheim', 'hugel'].includes(town) ? 'north' : 'temperate');

/** Persistence: today's sky stays with weight 12 on top of the climate, so weather comes in spells of a day or so. */
export function nextSky(rng: number, town: string, now: Sky): [Sky, number] {
  const weights: Partial<Record<Sky, number>> = { ...CLIMATE[climateOf(town)] };
  weights[now] = (weights[now] ?? 0) + 12;
  return pickWeighted(rng, Object.keys(weights) as Sky[], (s) => weights[s] ?? 0);
}

export const weatherMachine = reducerLogic<WeatherContext>({
  id: 'weather',
  context: (input) => ({ rng: input.seed, sky: Object.fromEntries(towns.map((t) => [t.name, 'clear' as Sky])), changes: 0 }),
  start: (ctx) => step(ctx, [timer({ id: 'shift', every: 3 * 3_600_000, event: { type: 'weather.shift' } })]),
  on: {
    'weather.shift': (ctx) => {
      let rng = ctx.rng;
      const sky = { ...ctx.sky };
      const out: Output[] = [];
      for (const t of towns) {
        const [next, r] = nextSky(rng, t.name, sky[t.name] ?? 'clear');
        rng = r;
        if (next !== sky[t.name]) out.push(mapFlag(t.name, 'weather', next));
        sky[t.name] = next;
      }
      return step({ ...ctx, rng, sky, changes: ctx.changes + out.length }, out);
    },
  },
});
