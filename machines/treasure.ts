import { reducerLogic, step } from './kit/reducer.ts';
import { timer, type Output } from './kit/outputs.ts';
import { npcName, randomCell, removeNpc, reward, spawnNpc } from './kit/actions.ts';
import { loadedWilds } from './kit/stockMaps.ts';
import { pick, randomInt } from './kit/random.ts';
import { pickMapsByActivity } from './kit/weighted.ts';
import { DAY } from './kit/time.ts';
import { healingItems } from '../facts/index.ts';

/**
 * The Treasure agent (`treasure:main`): at 01:00, 8–12 chests on maps weighted by yesterday's player
 * activity, each a copy of the bridge's `midgard_treasure` NPC. The first player to open one is rewarded once;
 * unopened chests are removed after a day.
 *
 * @example
 * runtime.send('treasure:main', { type: 'treasure.claim', chest: 't3_0', player_id: 150001 });
 */
export interface Chest {
  id: string;
  map: string;
  npc_name: string;
  item_id: number;
  zeny: number;
}
export interface TreasureContext extends Record<string, unknown> {
  rng: number;
  hotMaps: { map: string; activity: number }[];
  chests: Chest[];
  placed: number;
  claimed: number;
  expired: number;
}

const OUTDOOR = loadedWilds;
export const chestName = (id: string): string => npcName('Treasure Chest', id);

export const treasureMachine = reducerLogic<TreasureContext>({
  id: 'treasure',
  context: (input) => ({ rng: input.seed, hotMaps: [], chests: [], placed: 0, claimed: 0, expired: 0 }),
  on: {
    'world.digest': (ctx, ev) => step({ ...ctx, hotMaps: (ev.digest as any).hotMaps ?? [] }),
    'pipeline.run': (ctx, ev) => {
      const [count, r1] = randomInt(ctx.rng, 8, 12);
      let rng = r1;
      const out: Output[] = [];
      const chests = [...ctx.chests];
      for (let i = 0; i < count; i++) {
        // with replacement: a crowded map may hold several chests
        const [[map], ra] = pickMapsByActivity(rng, OUTDOOR, ctx.hotMaps, 1, 0.5);
        const [x, y, rb] = randomCell(ra, map!.name);
        const [item, rc] = pick(rb, healingItems);
        const [zeny, rd] = randomInt(rc, 100, 2000);
        rng = rd;
        const chest: Chest = { id: `t${ev.day ?? 0}_${i}`, map: map!.name, npc_name: chestName(`t${ev.day ?? 0}_${i}`), item_id: item.id, zeny };
        chests.push(chest);
        out.push(spawnNpc(chest.map, x, y, chest.npc_name, 'midgard_treasure'), timer({ id: `chest:${chest.id}`, at: ev.meta.now + DAY, event: { type: 'treasure.expire', chest: chest.id } }));
      }
      return step({ ...ctx, rng, chests, placed: ctx.placed + count }, out);
    },
    'treasure.claim': (ctx, ev) => {
      const chest = ctx.chests.find((c) => c.id === ev.chest);
      if (!chest) return undefined;
      return step({ ...ctx, chests: ctx.chests.filter((c) => c !== chest), claimed: ctx.claimed + 1 }, [
        reward(Number(ev.player_id), { item_id: chest.item_id, quantity: 1, zeny: chest.zeny }, 'treasure', `chest:${chest.id}`),
        removeNpc(chest.map, chest.npc_name),
      ]);
    },
    'treasure.expire': (ctx, ev) => {
      const chest = ctx.chests.find((c) => c.id === ev.chest);
      if (!chest) return undefined;
      return step({ ...ctx, chests: ctx.chests.filter((c) => c !== chest), expired: ctx.expired + 1 }, [removeNpc(chest.map, chest.npc_name)]);
    },
  },
});
