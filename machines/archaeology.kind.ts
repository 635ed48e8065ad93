import { defineKind } from './kit/kind.ts';
import { archaeologyMachine, siteName } from './archaeology.ts';

/** Archaeology (`archaeology:main`): dig sites opened daily; a click on one digs. */
export const kind = defineKind({
  name: 'archaeology',
  ids: 'singleton',
  logic: archaeologyMachine,
  daily: '02:00',
  templates: { midgard_digsite: { prefix: siteName(''), event: (site, player_id) => ({ type: 'archaeology.dig', site, player_id }) } },
  rewards: { zeny: 1_000, base_exp: 5_000, job_exp: 5_000, quantity: 1 },
  examples: [{ type: 'pipeline.run', slot: 'archaeology', day: 0 }, { type: 'archaeology.dig', site: 'a0_0', player_id: 150001 }],
  summary: (c) => ({ opened: c.opened, finds: c.finds, closed: c.closed }),
});
