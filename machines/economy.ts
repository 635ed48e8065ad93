import { createMachine, emit } from 'xstate';
import { run, update } from './kit/run.ts';
import type { ActorInput } from './kit/input.ts';
import { message, timer, type Delivered, type Output } from './kit/outputs.ts';
import { gameAction } from './kit/actions.ts';
import type { ActionPayload } from '../contract/actions.ts';
import { SYSTEM } from './kit/ids.ts';
import { GLUT, SHORTAGE } from './caravan.ts';
import { facts, itemById } from '../facts/index.ts';

/**
 * The Economy agent (`economy:main`): a market of tracked items whose prices follow supply (drops, kills in
 * batches from the world) and demand (trades between NPCs and players) and rebalance every six virtual hours,
 * always within [½×, 2×] of the item's shop price from the rAthena db. Each rebalance with a change emits
 * `update_economy` (`{prices: [{item_id, price}]}`, at most 200 a time); a price that moves while past the
 * caravan's thresholds (≥ SHORTAGE or ≤ GLUT × base) is news for the caravan agent.
 *
 * Modes, decided by each rebalance (an instant, not a mode of its own): `stable` (every price within the
 * thresholds), `shortage` (some item scarce: caravans come), `glut` (some item in surplus: buyers' guilds come),
 * `mixed` (both at once — 40 items need not agree). Supply and demand are gathered in every mode.
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

export interface EconomyContext {
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

/** Add supply or demand to tracked items (others are ignored); one copy of the quotes however many items move. */
function touch(ctx: EconomyContext, moves: readonly [itemId: unknown, field: 'supply' | 'demand', amount: number][]): EconomyContext {
  let quotes: Record<string, Quote> | null = null;
  for (const [itemId, field, amount] of moves) {
    const key = String(itemId);
    const q = (quotes ?? ctx.quotes)[key];
    if (!q || !(amount > 0)) continue;
    quotes ??= { ...ctx.quotes };
    quotes[key] = { ...q, [field]: q[field] + amount };
  }
  return quotes ? { ...ctx, quotes } : ctx;
}

type Ev = Delivered & Record<string, any>;

/** Every quote rebalanced at once; changed prices go to the game, moves past the thresholds to the caravan agent. */
function rebalanceAll(ctx: EconomyContext): { ctx: EconomyContext; out: Output[] } {
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
  return { ctx: { ...ctx, quotes, rebalances: ctx.rebalances + 1 }, out };
}

export type MarketMode = 'stable' | 'shortage' | 'glut' | 'mixed';

/** The market's mode once its quotes are rebalanced: is any item scarce (≥ SHORTAGE × base), any in surplus (≤ GLUT)? */
export function modeAfterRebalance(quotes: Record<string, Quote>): MarketMode {
  let short = false;
  let glut = false;
  for (const id in quotes) {
    const q = rebalance(quotes[id]!);
    const ratio = q.price / q.base;
    short ||= ratio >= SHORTAGE;
    glut ||= ratio <= GLUT;
  }
  return short && glut ? 'mixed' : short ? 'shortage' : glut ? 'glut' : 'stable';
}
// a guard per mode: the rebalance's outcome picks the transition (pure, so computing it again is safe; 4×/6 h)
const becomes = (mode: MarketMode) => ({ context }: { context: EconomyContext }) => modeAfterRebalance(context.quotes) === mode;

/** A guard: the event is about a tracked item (most of the game's drops are not: they pass by without a step). */
const tracked = (itemOf: (ev: Ev) => unknown) => ({ context, event }: { context: EconomyContext; event: Ev }) => Object.hasOwn(context.quotes, String(itemOf(event)));

export const economyMachine = createMachine({
  id: 'economy',
  types: {} as { context: EconomyContext; events: Ev; input: ActorInput },
  context: () => {
    const quotes: Record<string, Quote> = {};
    for (const id of TRACKED_ITEMS) {
      const base = itemById(id)!.buy;
      quotes[id] = { base, price: base, supply: 0, demand: 0, low: base, high: base };
    }
    return { quotes, rebalances: 0, trades: 0 };
  },
  // on creation only: a restored actor keeps its timer in the runtime
  entry: emit(() => timer({ id: 'rebalance', every: 6 * 3_600_000, event: { type: 'economy.rebalance' } }) as never),
  on: {
    // A trade is a buyer meeting a seller: full demand, and half a unit of supply (half the sellers restock).
    'market.trade': {
      guard: ({ context, event }) => Object.hasOwn(context.quotes, String(event.item_id)) && Number(event.quantity ?? 1) > 0,
      actions: update((ctx: EconomyContext, ev) => {
        const q = Number(ev.quantity ?? 1);
        return { ...touch(ctx, [[ev.item_id, 'demand', q], [ev.item_id, 'supply', q / 2]]), trades: ctx.trades + 1 };
      }),
    },
    trade_complete: { guard: tracked((ev) => ev.payload?.item_id), actions: update((ctx: EconomyContext, ev) => touch(ctx, [[ev.payload?.item_id, 'demand', Number(ev.payload?.quantity ?? 1)]])) },
    item_drop: { guard: tracked((ev) => ev.payload?.item_id), actions: update((ctx: EconomyContext, ev) => touch(ctx, [[ev.payload?.item_id, 'supply', Number(ev.payload?.quantity ?? 1)]])) },
    // hunting brings loot to market: every kill adds a little supply of each tracked loot item
    'market.kills': {
      guard: ({ event }) => Number(event.count) > 0,
      actions: update((ctx: EconomyContext, ev) => touch(ctx, LOOT_ITEMS.map((id) => [id, 'supply', Number(ev.count) * LOOT_PER_KILL] as const))),
    },
    'economy.supply': { guard: tracked((ev) => ev.item_id), actions: update((ctx: EconomyContext, ev) => touch(ctx, [[ev.item_id, 'supply', Number(ev.quantity)]])) },
    'economy.shock': { guard: tracked((ev) => ev.item_id), actions: update((ctx: EconomyContext, ev) => touch(ctx, [[ev.item_id, 'demand', Number(ev.quantity)]])) },
    // the new prices decide the mode
    'economy.rebalance': (['mixed', 'shortage', 'glut', 'stable'] as const).map((mode) => ({ guard: becomes(mode), target: `.${mode}`, actions: run(rebalanceAll) })),
    'economy.query': { actions: emit(({ context, event }) => message(String(event.replyTo), { type: 'economy.quotes', quotes: context.quotes }) as never) },
  },
  initial: 'stable',
  states: {
    stable: {},
    shortage: {},
    glut: {},
    mixed: {},
  },
});
