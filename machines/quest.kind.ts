import { defineKind, MAIN } from './kit/kind.ts';
import { questMachine } from './quest.ts';

/** Quests (`quest:main`): created from the world digest, completed by players; the quest board reads them. */
export const kind = defineKind({
  name: 'quest',
  ids: 'singleton',
  logic: questMachine,
  routes: { quest_complete: MAIN },
  // the board shows `$aiworld_*` variables: a click on it is an ordinary click
  templates: { midgard_questboard: null },
  rewards: { zeny: 100_000, base_exp: 500_000, job_exp: 500_000, quantity: 10 },
  examples: [{ type: 'quest_complete', player_id: 150001, payload: { quest_id: 70001 } }, { type: 'quest.expire', quest_id: 70001 }],
  summary: (c) => ({ created: c.created, completed: c.completed, expired: c.expired }),
});
