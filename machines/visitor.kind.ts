import { defineKind } from './kit/kind.ts';
import { visitorMachine } from './visitor.ts';

/** Visitors (`visitor:main`): travelling NPCs that come in the morning and wander. */
export const kind = defineKind({
  name: 'visitor',
  ids: 'singleton',
  logic: visitorMachine,
  daily: '06:00',
  // visiting NPCs wander on their own: a click on one is an ordinary click
  templates: { midgard_dynamic: null },
  examples: [{ type: 'pipeline.run', slot: 'visitor', day: 0 }, { type: 'visitor.wander' }, { type: 'visitor.leave' }],
  summary: (c) => ({ spawned: c.spawned, removed: c.removed }),
});
