import { createMachine } from 'xstate';
import { run } from './kit/run.ts';
import type { ActorInput } from './kit/input.ts';
import { message, timer, type Delivered } from './kit/outputs.ts';
import { announce, npcName, randomCell, removeNpc, spawnNpc } from './kit/actions.ts';
import { loadedTowns as towns } from './kit/stockMaps.ts';
import { pick } from './kit/random.ts';
import { SYSTEM, npcId } from './kit/ids.ts';
import { HOUR } from './kit/time.ts';
import { itemById } from '../facts/index.ts';

/**
 * The Caravan agent (`caravan:main`): the market as people live it. A price spike brings a caravan
 * (a copy of the bridge's `midgard_caravan` merchant for six hours, selling the item at the economy's price, whose
 * goods add supply): the agent is `hosting` until the last caravan leaves, `quiet` otherwise. A slump brings a
 * buyers' guild (demand), which comes and goes at once. Either way the NPCs start talking about it.
 *
 * @example
 * runtime.send('caravan:main', { type: 'market.spike', item_id: 909, price: 40, base: 20 });
 */
export const SHORTAGE = 1.3;
export const GLUT = 0.8;

export interface CaravanContext {
  rng: number;
  caravans: { npc_name: string; map: string }[];
  caravansSent: number;
  guilds: number;
  lastByItem: Record<string, number>;
}

type Ev = Delivered & Record<string, any>;

/** How the market answers a price move: a caravan for a shortage, the buyers' guild for a glut, or nothing. */
function answerTo(ctx: CaravanContext, ev: Ev): 'caravan' | 'guild' | null {
  const item = itemById(Number(ev.item_id));
  if (!item) return null;
  const ratio = Number(ev.price) / Number(ev.base);
  // only real shortages and gluts become social events; ordinary moves are the market's own business
  if (!(ratio >= SHORTAGE || ratio <= GLUT)) return null;
  // one reaction per item per day: a market that keeps moving should not spawn a caravan every rebalance
  if (ev.meta.now - (ctx.lastByItem[item.id] ?? -Infinity) < 24 * HOUR) return null;
  return ratio >= SHORTAGE ? 'caravan' : 'guild';
}

const rumourOf = (ev: Ev) => {
  const item = itemById(Number(ev.item_id))!;
  return message(npcId(0), { type: 'rumour.seed', id: `market-${item.id}-${ev.meta.tick}`, text: `${item.name} costs ${ev.price} zeny now` });
};

const sendCaravan = run((ctx: CaravanContext, ev) => {
  const item = itemById(Number(ev.item_id))!;
  const [town, r1] = pick(ctx.rng, towns);
  const [x, y, r2] = randomCell(r1, town.name);
  const npc_name = npcName('Caravan Merchant', `c${ctx.caravansSent}`);
  const caravans = [...ctx.caravans, { npc_name, map: town.name }];
  return {
    ctx: { ...ctx, rng: r2, lastByItem: { ...ctx.lastByItem, [item.id]: ev.meta.now }, caravans, caravansSent: ctx.caravansSent + 1 },
    out: [
      spawnNpc(town.name, x, y, npc_name, 'midgard_caravan', { item_id: item.id }),
      announce(`A caravan laden with ${item.name} arrives in ${town.name}.`),
      message(SYSTEM.economy, { type: 'economy.supply', item_id: item.id, quantity: 100 }),
      timer({ id: `caravan:${npc_name}`, at: ev.meta.now + 6 * HOUR, event: { type: 'caravan.leave', npc_name } }),
      rumourOf(ev),
    ],
  };
});

const callBuyers = run((ctx: CaravanContext, ev) => {
  const item = itemById(Number(ev.item_id))!;
  return {
    ctx: { ...ctx, lastByItem: { ...ctx.lastByItem, [item.id]: ev.meta.now }, guilds: ctx.guilds + 1 },
    out: [announce(`The Buyers' Guild is paying well for ${item.name}.`), message(SYSTEM.economy, { type: 'economy.shock', item_id: item.id, quantity: 100 }), rumourOf(ev)],
  };
});

const departs = run((ctx: CaravanContext, ev) => {
  const c = ctx.caravans.find((x) => x.npc_name === ev.npc_name)!;
  return { ctx: { ...ctx, caravans: ctx.caravans.filter((x) => x !== c) }, out: [removeNpc(c.map, c.npc_name)] };
});

type Args = { context: CaravanContext; event: Ev };
/** In either mode a shortage brings a caravan (and the market is then `hosting`), a glut the buyers' guild. */
const priceMoves = {
  'market.spike': [
    { guard: ({ context, event }: Args) => answerTo(context, event) === 'caravan', target: '.hosting', actions: sendCaravan },
    { guard: ({ context, event }: Args) => answerTo(context, event) === 'guild', actions: callBuyers },
  ],
};

export const caravanMachine = createMachine({
  id: 'caravan',
  types: {} as { context: CaravanContext; events: Ev; input: ActorInput },
  context: ({ input }) => ({ rng: input.seed, caravans: [], caravansSent: 0, guilds: 0, lastByItem: {} }),
  on: priceMoves,
  initial: 'quiet',
  states: {
    quiet: {},
    // caravans in town, each leaving on its own six-hour timer; the last one to leave makes the market quiet
    hosting: {
      on: {
        'caravan.leave': [
          { guard: ({ context, event }: Args) => context.caravans.length === 1 && context.caravans[0]!.npc_name === event.npc_name, target: 'quiet', actions: departs },
          { guard: ({ context, event }: Args) => context.caravans.some((x) => x.npc_name === event.npc_name), actions: departs },
        ],
      },
    },
  },
});
