import { reducerLogic, step } from './kit/reducer.ts';
import { timer, type Output } from './kit/outputs.ts';
import { announce, mapFlag } from './kit/actions.ts';
import { pick, randomInt } from './kit/random.ts';
import { pickMapsByActivity } from './kit/weighted.ts';
import { HOUR } from './kit/time.ts';
import { facts, type MapFact } from '../facts/index.ts';

/**
 * The MapHazard agent (`hazard:main`): at 00:30, 3–5 maps get a hazard (poison fog, sandstorm, blizzard,
 * miasma) for 6–12 hours — a map flag set on, then really set off when it expires.
 *
 * @example
 * runtime.send('hazard:main', { type: 'pipeline.run', slot: 'hazard', day: 2 });
 */
export interface ActiveHazard {
  id: string;
  map: string;
  hazard: string;
  until: number;
}
export interface HazardContext extends Record<string, unknown> {
  rng: number;
  hotMaps: { map: string; activity: number }[];
  active: ActiveHazard[];
  started: number;
  ended: number;
}

const OUTDOOR = facts.maps.filter((m) => m.kind !== 'town');
const hazardsFor = (m: MapFact): string[] =>
  m.region === 'morocc' ? ['sandstorm', 'heatwave'] : m.kind === 'dungeon' ? ['miasma', 'cave_in'] : ['poison_fog', 'blizzard', 'thunderstorm'];

export const hazardMachine = reducerLogic<HazardContext>({
  id: 'hazard',
  context: (input) => ({ rng: input.seed, hotMaps: [], active: [], started: 0, ended: 0 }),
  on: {
    'world.digest': (ctx, ev) => step({ ...ctx, hotMaps: (ev.digest as any).hotMaps ?? [] }),
    'pipeline.run': (ctx, ev) => {
      const [count, r1] = randomInt(ctx.rng, 3, 5);
      const busy = new Set(ctx.active.map((h) => h.map));
      const [maps, r2] = pickMapsByActivity(r1, OUTDOOR.filter((m) => !busy.has(m.name)), ctx.hotMaps, count);
      let rng = r2;
      const out: Output[] = [];
      const active = [...ctx.active];
      maps.forEach((m, i) => {
        const [hazard, ra] = pick(rng, hazardsFor(m));
        const [hours, rb] = randomInt(ra, 6, 12);
        rng = rb;
        const h = { id: `${ev.day ?? 0}.${i}`, map: m.name, hazard, until: ev.meta.now + hours * HOUR };
        active.push(h);
        out.push(
          mapFlag(m.name, hazard, 1, { until: h.until }),
          announce(`A ${hazard.replace('_', ' ')} settles over ${m.name} for ${hours} hours.`, { target_map: m.name }),
          timer({ id: `hazard:${h.id}`, at: h.until, event: { type: 'hazard.expire', id: h.id } }),
        );
      });
      return step({ ...ctx, rng, active, started: ctx.started + maps.length }, out);
    },
    'hazard.expire': (ctx, ev) => {
      const h = ctx.active.find((x) => x.id === ev.id);
      if (!h) return undefined;
      return step({ ...ctx, active: ctx.active.filter((x) => x !== h), ended: ctx.ended + 1 }, [
        mapFlag(h.map, h.hazard, 0),
        announce(`The ${h.hazard.replace('_', ' ')} over ${h.map} lifts.`, { target_map: h.map }),
      ]);
    },
  },
});
