import { reducerLogic, step } from './kit/reducer.ts';
import { timer, type Output } from './kit/outputs.ts';
import { announce, mapFlag } from './kit/actions.ts';
import { nextRandom, pick, randomInt } from './kit/random.ts';
import { HOUR } from './kit/time.ts';
import { towns } from '../facts/index.ts';

/**
 * The WorldEvent agent (`worldevent:main`): world-wide happenings. At noon each day there is a 30% chance of
 * one (or another agent triggers it): a festival, a blood moon, a meteor night or a blessing of Odin — map
 * flags on every town for 4–8 hours, set off again at the end.
 *
 * @example
 * runtime.send('worldevent:main', { type: 'worldevent.trigger', event: 'blood_moon' });
 */
export const WORLD_EVENTS = ['festival', 'blood_moon', 'meteor_night', 'odin_blessing'] as const;
export interface WorldEventContext extends Record<string, unknown> {
  rng: number;
  active: { event: string; until: number } | null;
  held: number;
}

function begin(ctx: WorldEventContext, now: number, event: string, rng: number) {
  const [hours, r] = randomInt(rng, 4, 8);
  const until = now + hours * HOUR;
  const out: Output[] = [announce(`${event.replace('_', ' ').toUpperCase()}: the world changes for ${hours} hours!`, { priority: 2 })];
  for (const t of towns) out.push(mapFlag(t.name, event, 1, { until }));
  out.push(timer({ id: 'end', at: until, event: { type: 'worldevent.end' } }));
  return step({ ...ctx, rng: r, active: { event, until }, held: ctx.held + 1 }, out);
}

export const worldEventMachine = reducerLogic<WorldEventContext>({
  id: 'worldevent',
  context: (input) => ({ rng: input.seed, active: null, held: 0 }),
  start: (ctx) => step(ctx, [timer({ id: 'noon', daily: '12:00', event: { type: 'worldevent.roll' } })]),
  on: {
    'worldevent.roll': (ctx, ev) => {
      if (ctx.active) return undefined;
      const [roll, r1] = nextRandom(ctx.rng);
      if (roll >= 0.3) return step({ ...ctx, rng: r1 });
      const [event, r2] = pick(r1, WORLD_EVENTS);
      return begin(ctx, ev.meta.now, event, r2);
    },
    'worldevent.trigger': (ctx, ev) => {
      if (ctx.active || !WORLD_EVENTS.includes(ev.event as never)) return undefined;
      return begin(ctx, ev.meta.now, String(ev.event), ctx.rng);
    },
    'worldevent.end': (ctx) => {
      if (!ctx.active) return undefined;
      const { event } = ctx.active;
      return step({ ...ctx, active: null }, [...towns.map((t) => mapFlag(t.name, event, 0)), announce(`The ${event.replace('_', ' ')} has passed.`)]);
    },
  },
});
