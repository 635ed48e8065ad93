import { reducerLogic, step } from './kit/reducer.ts';
import { message, timer, type Output } from './kit/outputs.ts';
import { announce, npcName, randomCell, removeNpc, spawnNpc } from './kit/actions.ts';
import { loadedTowns as towns } from './kit/stockMaps.ts';
import { pick } from './kit/random.ts';
import { SYSTEM, npcId } from './kit/ids.ts';
import { HOUR } from './kit/time.ts';
import { itemById } from '../facts/index.ts';

/**
 * The Caravan agent (`caravan:main`): the market as people live it. A price spike brings a caravan
 * (a copy of the bridge's `midgard_caravan` merchant for six hours, selling the item at the economy's price, whose
 * goods add supply); a slump brings a buyers' guild (demand). Either way
 * the NPCs start talking about it.
 *
 * @example
 * runtime.send('caravan:main', { type: 'market.spike', item_id: 909, price: 40, base: 20 });
 */
export const SHORTAGE = 1.3;
export const GLUT = 0.8;

export interface CaravanContext extends Record<string, unknown> {
  rng: number;
  caravans: { npc_name: string; map: string }[];
  caravansSent: number;
  guilds: number;
  lastByItem: Record<string, number>;
}

export const caravanMachine = reducerLogic<CaravanContext>({
  id: 'caravan',
  context: (input) => ({ rng: input.seed, caravans: [], caravansSent: 0, guilds: 0, lastByItem: {} }),
  on: {
    'market.spike': (ctx, ev) => {
      const item = itemById(Number(ev.item_id));
      if (!item) return undefined;
      const ratio = Number(ev.price) / Number(ev.base);
      // only real shortages and gluts become social events; ordinary moves are the market's own business
      if (!(ratio >= SHORTAGE || ratio <= GLUT)) return undefined;
      // one reaction per item per day: a market that keeps moving should not spawn a caravan every rebalance
      if (ev.meta.now - (ctx.lastByItem[item.id] ?? -Infinity) < 24 * HOUR) return undefined;
      const lastByItem = { ...ctx.lastByItem, [item.id]: ev.meta.now };
      const rumour = message(npcId(0), { type: 'rumour.seed', id: `market-${item.id}-${ev.meta.tick}`, text: `${item.name} costs ${ev.price} zeny now` });
      if (ratio >= SHORTAGE) {
        const [town, r1] = pick(ctx.rng, towns);
        const [x, y, r2] = randomCell(r1, town.name);
        const npc_name = npcName('Caravan Merchant', `c${ctx.caravansSent}`);
        const out: Output[] = [
          spawnNpc(town.name, x, y, npc_name, 'midgard_caravan', { item_id: item.id }),
          announce(`A caravan laden with ${item.name} arrives in ${town.name}.`),
          message(SYSTEM.economy, { type: 'economy.supply', item_id: item.id, quantity: 100 }),
          timer({ id: `caravan:${npc_name}`, at: ev.meta.now + 6 * HOUR, event: { type: 'caravan.leave', npc_name } }),
          rumour,
        ];
        return step({ ...ctx, rng: r2, lastByItem, caravans: [...ctx.caravans, { npc_name, map: town.name }], caravansSent: ctx.caravansSent + 1 }, out);
      }
      return step({ ...ctx, lastByItem, guilds: ctx.guilds + 1 }, [
        announce(`The Buyers' Guild is paying well for ${item.name}.`),
        message(SYSTEM.economy, { type: 'economy.shock', item_id: item.id, quantity: 100 }),
        rumour,
      ]);
    },
    'caravan.leave': (ctx, ev) => {
      const c = ctx.caravans.find((x) => x.npc_name === ev.npc_name);
      if (!c) return undefined;
      return step({ ...ctx, caravans: ctx.caravans.filter((x) => x !== c) }, [removeNpc(c.map, c.npc_name)]);
    },
  },
});
