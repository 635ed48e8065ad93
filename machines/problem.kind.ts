import { defineKind } from './kit/kind.ts';
import { problemMachine } from './problem.ts';

/** World problems (`problem:main`): one a day on a busy map, solved by players' kills there. */
export const kind = defineKind({
  name: 'problem',
  ids: 'singleton',
  logic: problemMachine,
  daily: '00:00',
  rewards: { zeny: 10_000, base_exp: 50_000, job_exp: 50_000, quantity: 10 },
  examples: [{ type: 'pipeline.run', slot: 'problem', day: 0 }],
  summary: (c) => ({ solved: c.solved, failed: c.failed }),
  panel: 'World problems',
});
