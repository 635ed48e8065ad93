import { defineKind } from './kit/kind.ts';
import { socialMachine } from './social.ts';

/** Social events (`social:main`): the day's gathering, rewarding those who come. */
export const kind = defineKind({
  name: 'social',
  ids: 'singleton',
  logic: socialMachine,
  daily: '07:00',
  rewards: { zeny: 5_000, base_exp: 20_000, job_exp: 20_000, quantity: 5 },
  examples: [{ type: 'pipeline.run', slot: 'social', day: 0 }],
  summary: (c) => ({ events: c.events, rewarded: c.rewarded }),
});
