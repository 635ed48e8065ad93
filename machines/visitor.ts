import { createMachine } from 'xstate';
import { run } from './kit/run.ts';
import type { ActorInput } from './kit/input.ts';
import { timer, type Delivered, type Output } from './kit/outputs.ts';
import { moveNpc, npcName, randomCell, removeNpc, spawnNpc } from './kit/actions.ts';
import { loadedTowns as towns } from './kit/stockMaps.ts';
import { pick, randomInt } from './kit/random.ts';
import { nameFrom, personalityFrom, type Personality } from './kit/personality.ts';
import { HOUR, startOfDay } from './kit/time.ts';

/**
 * The Visitor agent (`visitor:main`): `away` until 06:00, when 25–40 visiting NPCs appear in towns (`inTown`,
 * `arrived`), each with its own personality, as copies of the bridge's `midgard_dynamic` NPC (its personality goes to
 * the script as `data`; a click asks Midgard for dialogue). They wander at noon (`move_npc`, `wandered`) and leave
 * at 23:00 (`remove_npc`, `away` again), each by the unique name it was spawned with.
 *
 * @example
 * runtime.send('visitor:main', { type: 'pipeline.run', slot: 'visitor', day: 1 });
 */
export interface Visitor {
  npc_name: string;
  map: string;
  personality: Personality;
}
export interface VisitorContext {
  rng: number;
  visitors: Visitor[];
  spawned: number;
  removed: number;
}

/** The personality as the template script reads it: the archetype, and each trait in whole percent. */
export const personalityData = (p: Personality): Record<string, string | number> =>
  Object.fromEntries(Object.entries(p).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 100) : String(v)]));

type Ev = Delivered & Record<string, any>;

const arrive = run((ctx: VisitorContext, ev) => {
  const [count, r1] = randomInt(ctx.rng, 25, 40);
  let rng = r1;
  const out: Output[] = [];
  const visitors: Visitor[] = [...ctx.visitors];
  for (let i = 0; i < count; i++) {
    const [town, ra] = pick(rng, towns);
    const [personality, rb] = personalityFrom(ra);
    const [name, rc] = nameFrom(rb);
    const [x, y, rd] = randomCell(rc, town.name);
    rng = rd;
    const v = { npc_name: npcName(name, `d${ev.day ?? 0}_${i}`), map: town.name, personality };
    visitors.push(v);
    out.push(spawnNpc(town.name, x, y, v.npc_name, 'midgard_dynamic', personalityData(personality)));
  }
  const day = startOfDay(ev.meta.now);
  out.push(
    timer({ id: `wander:${ev.day ?? 0}`, at: day + 12 * HOUR, event: { type: 'visitor.wander' } }),
    timer({ id: `leave:${ev.day ?? 0}`, at: day + 23 * HOUR, event: { type: 'visitor.leave' } }),
  );
  return { ctx: { ...ctx, rng, visitors, spawned: ctx.spawned + count }, out };
});

const wander = run((ctx: VisitorContext) => {
  let rng = ctx.rng;
  const out: Output[] = [];
  for (const v of ctx.visitors) {
    const [x, y, r] = randomCell(rng, v.map);
    rng = r;
    out.push(moveNpc(v.map, v.npc_name, x, y));
  }
  return { ctx: { ...ctx, rng }, out };
});

const leave = run((ctx: VisitorContext) => ({
  ctx: { ...ctx, visitors: [], removed: ctx.removed + ctx.visitors.length },
  out: ctx.visitors.map((v) => removeNpc(v.map, v.npc_name)),
}));

export const visitorMachine = createMachine({
  id: 'visitor',
  types: {} as { context: VisitorContext; events: Ev; input: ActorInput },
  context: ({ input }) => ({ rng: input.seed, visitors: [], spawned: 0, removed: 0 }),
  initial: 'away',
  states: {
    away: { on: { 'pipeline.run': { target: 'inTown', actions: arrive } } },
    inTown: {
      initial: 'arrived',
      on: {
        // a day whose leaving was missed: the new visitors join those still in town
        'pipeline.run': { actions: arrive },
        'visitor.wander': { target: '.wandered', actions: wander },
        'visitor.leave': { target: 'away', actions: leave },
      },
      states: { arrived: {}, wandered: {} },
    },
  },
});
