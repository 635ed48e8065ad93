import { reducerLogic, step } from './kit/reducer.ts';
import { message, timer, type Output } from './kit/outputs.ts';
import { gameAction } from './kit/actions.ts';
import type { ActionPayload } from '../contract/actions.ts';
import { SYSTEM } from './kit/ids.ts';
import { GLUT, SHORTAGE } from './caravan.ts';
import { facts, itemById } from '../facts/index.ts';

/**
 * The Economy agent (`economy:main`): a market of tracked items whose prices follow supply (drops, kills in
 * batches from the world) and
 * demand (trades between NPCs and players) and rebalance every six virtual hours, always within [½×, 2×] of
 * the item's shop price from the rAthena db. Each rebalance with a change emits `update_economy` (`{prices:
 * [{item_id, price}]}`, at most 200 a time); a move past
 * 15% is news for the social economy agent.
 *
 * @example
 * runtime.send('economy:main', { type: 'market.trade', item_id: 909, price: 12, quantity: 3 });
 */
export interface Quote {
  base: number;
  price: number;
  supply: number;
  demand: number;
  low: number;
  high: number;
}

export interface EconomyContext extends Record<string, unknown> {
  quotes: Record<string, Quote>;
  rebalances: number;
  trades: number;
}

/** The traded goods (real ids): 20 potions and foods, 20 common loot items — what NPCs and players move in volume. */
export const TRACKED_ITEMS: number[] = [
  ...facts.items.filter((i) => i.type === 'Healing' && i.buy > 0 && i.buy <= 1000).slice(0, 20),
  ...facts.items.filter((i) => i.type === 'Etc' && i.buy >= 10 && i.buy <= 500).slice(0, 20),
].map((i) => i.id);

/** the tracked items that drop from monsters (etc items), and how much of each one kill puts on the market */
export const LOOT_ITEMS: number[] = TRACKED_ITEMS.filter((id) => itemById(id)?.type === 'Etc');
export const LOOT_PER_KILL = 0.005;

export const MIN_FACTOR = 0.5;
export const MAX_FACTOR = 2;
const STEP = 0.15;

/**
 * One rebalance of one quote: pressure in [-1, 1] moves the price up to 15%; no activity drifts it home.
 * Demand is elastic (buyers shy away as the price rises: ÷ r²) and so is supply (sellers come out: × r), with
 * r = price / base, so a steady market settles where r³ = demand / supply instead of pinning at a bound.
 */
export function rebalance(q: Quote): Quote {
  const r = q.price / q.base;
  const demand = q.demand / (r * r);
  const supply = q.supply * r;
  const pressure = (demand - supply) / (demand + supply + 5);
  const drift = q.demand + q.supply === 0 ? (q.base - q.price) * 0.1 : 0;
  const raw = q.price * (1 + STEP * pressure) + drift;
  // kept to the hundredth so cheap items can move by less than a whole zeny per step; quoted rounded
  const price = Math.round(Math.min(q.base * MAX_FACTOR, Math.max(q.base * MIN_FACTOR, raw)) * 100) / 100;
  const quoted = Math.round(price);
  return { ...q, price, supply: 0, demand: 0, low: Math.min(q.low, quoted), high: Math.max(q.high, quoted) };
}

function touch(ctx: EconomyContext, itemId: unknown, field: 'supply' | 'demand', amount: number): EconomyContext {
  const q = ctx.quotes[String(itemId)];
  if (!q || !(amount > 0)) return ctx;
  return { ...ctx, quotes: { ...ctx.quotes, [String(itemId)]: { ...q, [field]: q[field] + amount } } };
}

export const economyMachine = reducerLogic<EconomyContext>({
  id: 'economy',
  context: () => {
    const quotes: Record<string, Quote> = {};
    for (const id of TRACKED_ITEMS) {
      const base = itemById(id)!.buy;
      quotes[id] = { base, price: base, supply: 0, demand: 0, low: base, high: base };
    }
    return { quotes, rebalances: 0, trades: 0 };
  },
  start: (ctx) => step(ctx, [timer({ id: 'rebalance', every: 6 * 3_600_000, event: { type: 'economy.rebalance' } })]),
  on: {
    // A trade is a buyer meeting a seller: full demand, and half a unit of supply (half the sellers restock).
    'market.trade': (ctx, ev) => {
      const q = Number(ev.quantity ?? 1);
      const next = touch(touch(ctx, ev.item_id, 'demand', q), ev.item_id, 'supply', q / 2);
      return step(next === ctx ? ctx : { ...next, trades: ctx.trades + 1 });
    },
    trade_complete: (ctx, ev) => step(touch(ctx, (ev.payload as any)?.item_id, 'demand', Number((ev.payload as any)?.quantity ?? 1))),
    item_drop: (ctx, ev) => step(touch(ctx, (ev.payload as any)?.item_id, 'supply', Number((ev.payload as any)?.quantity ?? 1))),
    // hunting brings loot to market: every kill adds a little supply of each tracked loot item
    'market.kills': (ctx, ev) => {
      const count = Number(ev.count);
      if (!(count > 0)) return undefined;
      let next = ctx;
      for (const id of LOOT_ITEMS) next = touch(next, id, 'supply', count * LOOT_PER_KILL);
      return step(next);
    },
    'economy.supply': (ctx, ev) => step(touch(ctx, ev.item_id, 'supply', Number(ev.quantity))),
    'economy.shock': (ctx, ev) => step(touch(ctx, ev.item_id, 'demand', Number(ev.quantity))),
    'economy.rebalance': (ctx) => {
      const quotes: Record<string, Quote> = {};
      const changed: ActionPayload<'update_economy'>['prices'] = [];
      const out: Output[] = [];
      for (const [id, q] of Object.entries(ctx.quotes)) {
        const next = rebalance(q);
        quotes[id] = next;
        const quoted = Math.round(next.price);
        if (quoted !== Math.round(q.price)) {
          // the contract's shape exactly: the bridge stores each price as $aiworld_price[item_id] for scripts and shops
          changed.push({ item_id: Number(id), price: Math.max(1, quoted) });
          // far from its base price: news for the social side of the market (it keeps its own daily limit)
          const ratio = next.price / q.base;
          if (ratio >= SHORTAGE || ratio <= GLUT) out.push(message(SYSTEM.caravan, { type: 'market.spike', item_id: Number(id), price: quoted, base: q.base }));
        }
      }
      if (changed.length) out.unshift(gameAction('update_economy', { prices: changed }));
      return step({ ...ctx, quotes, rebalances: ctx.rebalances + 1 }, out);
    },
    'economy.query': (ctx, ev) => step(ctx, [message(String(ev.replyTo), { type: 'economy.quotes', quotes: ctx.quotes })]),
  },
});
