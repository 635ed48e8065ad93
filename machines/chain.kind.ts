import { defineKind } from './kit/kind.ts';
import { chainMachine } from './chain.ts';

/** Event chains (`chain:main`): what follows a boss's fall. */
export const kind = defineKind({
  name: 'chain',
  ids: 'singleton',
  logic: chainMachine,
  rewards: { zeny: 20_000, base_exp: 100_000, job_exp: 100_000, quantity: 10 },
  examples: [{ type: 'chain.trigger', cause: 'boss_slain', map: 'gef_dun01' }],
  summary: (c) => ({ completed: c.completed, failed: c.failed, ignored: c.ignored }),
});
