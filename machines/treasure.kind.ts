import { defineKind } from './kit/kind.ts';
import { chestName, treasureMachine } from './treasure.ts';

/** Treasure (`treasure:main`): chests placed daily; a click on one is a claim. */
export const kind = defineKind({
  name: 'treasure',
  ids: 'singleton',
  logic: treasureMachine,
  daily: '01:00',
  templates: { midgard_treasure: { prefix: chestName(''), event: (chest, player_id) => ({ type: 'treasure.claim', chest, player_id }) } },
  rewards: { zeny: 5_000, base_exp: 10_000, job_exp: 10_000, quantity: 3 },
  examples: [{ type: 'pipeline.run', slot: 'treasure', day: 0 }, { type: 'treasure.claim', chest: 't0_0', player_id: 150001 }],
  summary: (c) => ({ placed: c.placed, claimed: c.claimed, expired: c.expired }),
});
