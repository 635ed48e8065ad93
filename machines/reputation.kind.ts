import { defineKind } from './kit/kind.ts';
import { FACTIONS } from './kit/ids.ts';
import { reputationMachine } from './reputation.ts';

/** A player's standing with each faction (`reputation:<player id>`). */
export const kind = defineKind({
  name: 'reputation',
  ids: 'player',
  logic: reputationMachine,
  examples: [{ type: 'reputation.change', faction: FACTIONS[0], delta: 25 }],
});
