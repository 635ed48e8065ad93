import { reducerLogic, step } from './kit/reducer.ts';
import { timer, type Output } from './kit/outputs.ts';
import { announce, mapFlag, type SwitchFlag } from './kit/actions.ts';
import { nextRandom, pick, randomInt } from './kit/random.ts';
import { loadedFields, loadedTowns } from './kit/stockMaps.ts';
import { HOUR } from './kit/time.ts';

/**
 * The WorldEvent agent (`worldevent:main`): world-wide happenings. At noon each day there is a 30% chance of
 * one (or another agent triggers it): a festival, a blood moon, a meteor night or a blessing of Odin for 4–8
 * hours. Each is something rAthena really shows (`WORLD_EVENT_EFFECTS`): a sky effect over every town
 * (`fireworks`, `leaves`, `sakura`) and/or a job experience rate on every field (`jexp`, which no other agent
 * sets, so ending an event never undoes another's), all set back at the end.
 *
 * @example
 * runtime.send('worldevent:main', { type: 'worldevent.trigger', event: 'blood_moon' });
 */
export const WORLD_EVENTS = ['festival', 'blood_moon', 'meteor_night', 'odin_blessing'] as const;
export type WorldEventName = (typeof WORLD_EVENTS)[number];

/** `townSky`: flag shown over every town; `fieldJexp`: job exp rate (percent) on every field. */
export const WORLD_EVENT_EFFECTS: Record<WorldEventName, { townSky?: SwitchFlag; fieldJexp?: number }> = {
  festival: { townSky: 'fireworks' },
  blood_moon: { fieldJexp: 150 },
  meteor_night: { townSky: 'leaves' },
  odin_blessing: { townSky: 'sakura', fieldJexp: 125 },
};

export interface WorldEventContext extends Record<string, unknown> {
  rng: number;
  active: { event: string; until: number } | null;
  held: number;
}

function effects(event: WorldEventName, on: boolean): Output[] {
  const { townSky, fieldJexp } = WORLD_EVENT_EFFECTS[event];
  const out: Output[] = [];
  if (townSky) for (const t of loadedTowns) out.push(mapFlag(t.name, townSky, on));
  if (fieldJexp) for (const f of loadedFields) out.push(mapFlag(f.name, 'jexp', on ? fieldJexp : 100));
  return out;
}

function begin(ctx: WorldEventContext, now: number, event: WorldEventName, rng: number) {
  const [hours, r] = randomInt(rng, 4, 8);
  const until = now + hours * HOUR;
  const out: Output[] = [announce(`${event.replace('_', ' ').toUpperCase()}: the world changes for ${hours} hours!`, { priority: 2 }), ...effects(event, true)];
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
      return begin(ctx, ev.meta.now, ev.event as WorldEventName, ctx.rng);
    },
    'worldevent.end': (ctx) => {
      if (!ctx.active) return undefined;
      const event = ctx.active.event as WorldEventName;
      // an event from before WORLD_EVENT_EFFECTS (a restored snapshot) set no real flags: nothing to undo
      const undo = WORLD_EVENT_EFFECTS[event] ? effects(event, false) : [];
      return step({ ...ctx, active: null }, [...undo, announce(`The ${event.replace('_', ' ')} has passed.`)]);
    },
  },
});
