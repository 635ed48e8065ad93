import { createMachine } from 'xstate';
import { run, update } from './kit/run.ts';
import type { ActorInput } from './kit/input.ts';
import { timer, type Delivered, type Output } from './kit/outputs.ts';
import { announce, mapFlag, type SwitchFlag } from './kit/actions.ts';
import { nextRandom, pick, randomInt } from './kit/random.ts';
import { loadedFields, loadedTowns } from './kit/stockMaps.ts';
import { HOUR } from './kit/time.ts';

/**
 * The WorldEvent agent (`worldevent:main`): world-wide happenings. The world is `quiet` until, at noon, a 30%
 * roll (or another agent's trigger) starts one — a festival, a blood moon, a meteor night or a blessing of Odin,
 * each a state of its own — for 4–8 hours; no second one starts while one is under way. Each is something
 * rAthena really shows (`WORLD_EVENT_EFFECTS`): a sky effect over every town (`fireworks`, `leaves`, `sakura`)
 * and/or a job experience rate on every field (`jexp`, which no other agent sets, so ending an event never undoes
 * another's), all set back when its end timer takes the world back to `quiet`.
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

export interface WorldEventContext {
  rng: number;
  /** the event under way and when it ends (its name is also the machine's state) */
  active: { event: WorldEventName; until: number } | null;
  held: number;
}

function effects(event: WorldEventName, on: boolean): Output[] {
  const { townSky, fieldJexp } = WORLD_EVENT_EFFECTS[event];
  const out: Output[] = [];
  if (townSky) for (const t of loadedTowns) out.push(mapFlag(t.name, townSky, on));
  if (fieldJexp) for (const f of loadedFields) out.push(mapFlag(f.name, 'jexp', on ? fieldJexp : 100));
  return out;
}

type Ev = Delivered & Record<string, any>;

/** What today's noon roll draws, without drawing it: 30% of days one of the events, else none. */
function rolled(rng: number): { event: WorldEventName | null; rng: number } {
  const [roll, r1] = nextRandom(rng);
  if (roll >= 0.3) return { event: null, rng: r1 };
  const [event, r2] = pick(r1, WORLD_EVENTS);
  return { event, rng: r2 };
}

function begin(ctx: WorldEventContext, now: number, event: WorldEventName, rng: number): { ctx: WorldEventContext; out: Output[] } {
  const [hours, r] = randomInt(rng, 4, 8);
  const until = now + hours * HOUR;
  const out: Output[] = [announce(`${event.replace('_', ' ').toUpperCase()}: the world changes for ${hours} hours!`, { priority: 2 }), ...effects(event, true)];
  out.push(timer({ id: 'end', at: until, event: { type: 'worldevent.end' } }));
  return { ctx: { ...ctx, rng: r, active: { event, until }, held: ctx.held + 1 }, out };
}

/** One state per event: the noon roll or another agent's trigger starts it, its end timer sets the world back. */
const happening = (event: WorldEventName) => ({
  on: {
    'worldevent.end': {
      target: 'quiet',
      actions: run((ctx: WorldEventContext) => ({
        ctx: { ...ctx, active: null },
        out: [...effects(event, false), announce(`The ${event.replace('_', ' ')} has passed.`)],
      })),
    },
  },
});

export const worldEventMachine = createMachine({
  id: 'worldevent',
  types: {} as { context: WorldEventContext; events: Ev; input: ActorInput },
  context: ({ input }) => ({ rng: input.seed, active: null, held: 0 }),
  // on creation only: a restored actor does not re-run its entry, and the runtime keeps the timer
  entry: run((ctx: WorldEventContext) => ({ ctx, out: [timer({ id: 'noon', daily: '12:00', event: { type: 'worldevent.roll' } })] })),
  initial: 'quiet',
  states: {
    quiet: {
      on: {
        'worldevent.roll': [
          ...WORLD_EVENTS.map((event) => ({
            guard: ({ context }: { context: WorldEventContext }) => rolled(context.rng).event === event,
            target: event,
            actions: run((ctx: WorldEventContext, ev) => begin(ctx, ev.meta.now, event, rolled(ctx.rng).rng)),
          })),
          { actions: update((ctx: WorldEventContext) => ({ ...ctx, rng: rolled(ctx.rng).rng })) },
        ],
        'worldevent.trigger': WORLD_EVENTS.map((event) => ({
          guard: ({ event: ev }: { event: Ev }) => ev.event === event,
          target: event,
          actions: run((ctx: WorldEventContext, ev) => begin(ctx, ev.meta.now, event, ctx.rng)),
        })),
      },
    },
    ...(Object.fromEntries(WORLD_EVENTS.map((event) => [event, happening(event)])) as Record<WorldEventName, ReturnType<typeof happening>>),
  },
});
