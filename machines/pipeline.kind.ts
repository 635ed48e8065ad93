import { defineKind, MAIN } from './kit/kind.ts';
import { pipelineMachine } from './pipeline.ts';

/**
 * The daily pipeline (`pipeline:main`), built from every kind's `daily` slot. The server's `daily_reset` fires
 * every slot: the pipeline runs a slot at most once per game day, so this runs exactly the slots of the day its
 * own clock has not run yet, and the clock's later firings of those slots that day are no-ops.
 */
export const kind = defineKind({
  name: 'pipeline',
  ids: 'singleton',
  logic: (world) => pipelineMachine(world.schedule, world.timekeepers('pipeline:main')),
  boot: true,
  routes: { daily_reset: (_, world) => world.schedule.map((s) => ({ key: MAIN, event: { type: 'pipeline.fire', slot: s.slot } })) },
  examples: [{ type: 'pipeline.fire', slot: 'problem' }],
  summary: (c) => c.runs,
});
