import { defineKind, MAIN } from './kit/kind.ts';
import { economyMachine, TRACKED_ITEMS } from './economy.ts';

/** The economy (`economy:main`): prices of the tracked items, fed by drops and trades, rebalanced daily. */
export const kind = defineKind({
  name: 'economy',
  ids: 'singleton',
  logic: economyMachine,
  boot: true,
  routes: { item_drop: MAIN, trade_complete: MAIN },
  examples: [
    { type: 'market.trade', item_id: TRACKED_ITEMS[0], price: 10, quantity: 5 },
    { type: 'market.kills', count: 100 },
    { type: 'economy.rebalance' },
    { type: 'economy.shock', item_id: TRACKED_ITEMS[0], quantity: 100 },
    { type: 'economy.supply', item_id: TRACKED_ITEMS[0], quantity: 100 },
  ],
  summary: (c) => ({ rebalances: c.rebalances, trades: c.trades }),
  panel: 'Economy prices',
});
