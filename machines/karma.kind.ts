import { defineKind } from './kit/kind.ts';
import { karmaMachine } from './karma.ts';

/** A player's karma (`karma:<player id>`): deeds good and bad, from MVP kills and the game's custom events. */
export const kind = defineKind({
  name: 'karma',
  ids: 'player',
  logic: karmaMachine,
  routes: { mvp_kill: (e) => e.player, custom: (e) => e.player },
  rewards: { zeny: 0, base_exp: 0, job_exp: 0, quantity: 1 },
  examples: [{ type: 'karma.deed', delta: 5, reason: 'helped a traveller' }],
});
