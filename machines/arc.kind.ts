import { defineKind, MAIN } from './kit/kind.ts';
import { arcMachine } from './arc.ts';

/** Story arcs (`arc:main`): a chapter at a time; the sim summary reports arcs in a section of their own. */
export const kind = defineKind({
  name: 'arc',
  ids: 'singleton',
  logic: arcMachine,
  boot: true,
  routes: { quest_complete: MAIN },
  examples: [{ type: 'arc.begin' }, { type: 'arc.chapter' }],
  panel: 'Story arcs',
});
