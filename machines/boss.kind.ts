import { defineKind, MAIN } from './kit/kind.ts';
import { bossMachine } from './boss.ts';

/** The evening boss (`boss:main`): rises daily at 20:00 on its own timer; an MVP kill may slay it. */
export const kind = defineKind({
  name: 'boss',
  ids: 'singleton',
  logic: bossMachine,
  boot: true,
  routes: { mvp_kill: MAIN },
  rewards: { zeny: 200_000, base_exp: 1_000_000, job_exp: 1_000_000, quantity: 1 },
  examples: [{ type: 'boss.rise' }, { type: 'mvp_kill', player_id: 150001, map: 'gef_dun01', payload: { mvp_id: 1039 } }],
  summary: (c) => ({ slain: c.slain, escaped: c.escaped, tier: c.tier }),
});
