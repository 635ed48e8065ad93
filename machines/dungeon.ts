import { createMachine } from 'xstate';
import { run, update } from './kit/run.ts';
import type { ActorInput } from './kit/input.ts';
import type { Delivered, Output } from './kit/outputs.ts';
import { announce, randomCell, spawnMonsters, watchMap } from './kit/actions.ts';
import { pick, randomInt } from './kit/random.ts';
import { pickMapsByActivity } from './kit/weighted.ts';
import { DAY } from './kit/time.ts';
import { monstersForMap } from '../facts/index.ts';
import { loadedDungeons as dungeons } from './kit/stockMaps.ts';

/**
 * The AdaptiveDungeon agent (`dungeon:main`): at 00:15 it lays out one dungeon for the day — 4–7 rooms of real
 * monsters of that dungeon's level band — and stores the layout. Difficulty (1–5) follows how players did with
 * yesterday's layout: `cleared` (kills ≥ target) ⇒ harder, still `holding` ⇒ easier. The layout is Midgard's
 * state: in game it is the spawned monsters and a message to the dungeon's players.
 *
 * @example
 * runtime.send('dungeon:main', { type: 'pipeline.run', slot: 'dungeon', day: 4 });
 */
export interface Room {
  x: number;
  y: number;
  monster_id: number;
  amount: number;
}
export interface Layout {
  id: string;
  map: string;
  difficulty: number;
  rooms: Room[];
  target: number;
  kills: number;
}
export interface DungeonContext {
  rng: number;
  hotMaps: { map: string; activity: number }[];
  difficulty: number;
  layout: Layout | null;
  history: { id: string; cleared: boolean; difficulty: number }[];
}

type Ev = Delivered & Record<string, any>;

/** Lays out the day's dungeon; `change` is what yesterday's layout earned: +1 cleared, -1 not, 0 the first day. */
const layOut = (change: -1 | 0 | 1) =>
  run((ctx: DungeonContext, ev) => {
    const history = [...ctx.history];
    if (ctx.layout) history.push({ id: ctx.layout.id, cleared: change > 0, difficulty: ctx.difficulty });
    const difficulty = Math.min(5, Math.max(1, ctx.difficulty + change));
    const [[map], r1] = pickMapsByActivity(ctx.rng, dungeons, ctx.hotMaps, 1);
    const [roomCount, r2] = randomInt(r1, 4, 7);
    let rng = r2;
    const pool = [...monstersForMap(map!.name)].sort((a, b) => a.level - b.level || a.id - b.id);
    // higher difficulty draws from the stronger end of the band
    const slice = pool.slice(Math.floor(((difficulty - 1) / 5) * pool.length));
    const rooms: Room[] = [];
    const out: Output[] = [];
    for (let i = 0; i < roomCount; i++) {
      const [monster, ra] = pick(rng, slice.length ? slice : pool);
      const [x, y, rb] = randomCell(ra, map!.name);
      rng = rb;
      const room = { x, y, monster_id: monster.id, amount: 2 + difficulty };
      rooms.push(room);
      out.push(spawnMonsters(map!.name, x, y, room.monster_id, room.amount));
    }
    const layout: Layout = { id: `L${ev.day ?? 0}`, map: map!.name, difficulty, rooms, target: rooms.reduce((s, r) => s + r.amount, 0), kills: 0 };
    out.unshift(announce(`The halls of ${map!.name} shift: ${rooms.length} chambers stir (danger ${difficulty} of 5).`, { target_map: map!.name }));
    out.push(watchMap(map!.name, ev.meta.now + DAY));
    return { ctx: { ...ctx, rng, difficulty, layout, history: history.slice(-30) }, out };
  });

type Args = { context: DungeonContext; event: Ev };
const inLayout = ({ context, event }: Args) => event.map === context.layout!.map;
const countKill = update((ctx: DungeonContext) => ({ ...ctx, layout: { ...ctx.layout!, kills: ctx.layout!.kills + 1 } }));

export const dungeonMachine = createMachine({
  id: 'dungeon',
  types: {} as { context: DungeonContext; events: Ev; input: ActorInput },
  context: ({ input }) => ({ rng: input.seed, hotMaps: [], difficulty: 2, layout: null, history: [] }),
  on: { 'world.digest': { actions: update((ctx: DungeonContext, ev) => ({ ...ctx, hotMaps: ev.digest?.hotMaps ?? [] })) } },
  initial: 'unshaped',
  states: {
    // before the first night's layout
    unshaped: { on: { 'pipeline.run': { target: 'shaped', actions: layOut(0) } } },
    // today's layout stands; the next night's shift makes it harder if players cleared it, easier if not
    shaped: {
      initial: 'holding',
      states: {
        holding: {
          on: {
            monster_kill: [
              { guard: (a: Args) => inLayout(a) && a.context.layout!.kills + 1 >= a.context.layout!.target, target: 'cleared', actions: countKill },
              { guard: inLayout, actions: countKill },
            ],
            'pipeline.run': { actions: layOut(-1) },
          },
        },
        cleared: {
          on: {
            monster_kill: { guard: inLayout, actions: countKill },
            'pipeline.run': { target: 'holding', actions: layOut(1) },
          },
        },
      },
    },
  },
});
