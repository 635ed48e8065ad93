import { defineKind } from './kit/kind.ts';
import { TRACKED_ITEMS } from './economy.ts';
import { caravanMachine } from './caravan.ts';

/** Caravans (`caravan:main`): merchants sent where a price spikes. */
export const kind = defineKind({
  name: 'caravan',
  ids: 'singleton',
  logic: caravanMachine,
  // caravans are shops: a click on one is an ordinary click
  templates: { midgard_caravan: null },
  examples: [{ type: 'market.spike', item_id: TRACKED_ITEMS[0], price: 100, base: 10 }],
  summary: (c) => ({ caravansSent: c.caravansSent, guilds: c.guilds }),
});
