import { reducerLogic, step } from './kit/reducer.ts';
import type { Output } from './kit/outputs.ts';
import { announce, randomCell, spawnMonsters, watchMap } from './kit/actions.ts';
import { pick, randomInt } from './kit/random.ts';
import { pickMapsByActivity } from './kit/weighted.ts';
import { DAY } from './kit/time.ts';
import { monstersForMap } from '../facts/index.ts';
import { loadedDungeons as dungeons } from './kit/stockMaps.ts';

/**
 * The AdaptiveDungeon agent (`dungeon:main`): at 00:15 it lays out one dungeon for the day — 4–7 rooms of real
 * monsters of that dungeon's level band — and stores the layout. Difficulty (1–5) follows how players did with
 * yesterday's layout: cleared (kills ≥ target) ⇒ harder, not ⇒ easier. The layout is Midgard's state: in game it
 * is the spawned monsters and a message to the dungeon's players.
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
export interface DungeonContext extends Record<string, unknown> {
  rng: number;
  hotMaps: { map: string; activity: number }[];
  difficulty: number;
  layout: Layout | null;
  history: { id: string; cleared: boolean; difficulty: number }[];
}

export const dungeonMachine = reducerLogic<DungeonContext>({
  id: 'dungeon',
  context: (input) => ({ rng: input.seed, hotMaps: [], difficulty: 2, layout: null, history: [] }),
  on: {
    'world.digest': (ctx, ev) => step({ ...ctx, hotMaps: (ev.digest as any).hotMaps ?? [] }),
    'pipeline.run': (ctx, ev) => {
      let difficulty = ctx.difficulty;
      const history = [...ctx.history];
      if (ctx.layout) {
        const cleared = ctx.layout.kills >= ctx.layout.target;
        history.push({ id: ctx.layout.id, cleared, difficulty });
        difficulty = Math.min(5, Math.max(1, difficulty + (cleared ? 1 : -1)));
      }
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
      return step({ ...ctx, rng, difficulty, layout, history: history.slice(-30) }, out);
    },
    monster_kill: (ctx, ev) => {
      if (!ctx.layout || ev.map !== ctx.layout.map) return undefined;
      return step({ ...ctx, layout: { ...ctx.layout, kills: ctx.layout.kills + 1 } });
    },
  },
});
