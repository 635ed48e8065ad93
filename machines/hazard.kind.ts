import { defineKind } from './kit/kind.ts';
import { hazardMachine } from './hazard.ts';

/** Hazards (`hazard:main`): the day's environmental dangers on busy maps. */
export const kind = defineKind({
  name: 'hazard',
  ids: 'singleton',
  logic: hazardMachine,
  daily: '00:30',
  examples: [{ type: 'pipeline.run', slot: 'hazard', day: 0 }],
  summary: (c) => ({ started: c.started, ended: c.ended }),
});
