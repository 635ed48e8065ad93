import { defineKind } from './kit/kind.ts';
import { worldEventMachine } from './worldevent.ts';

/** World events (`worldevent:main`): festivals and invasions, rolled at noon. */
export const kind = defineKind({
  name: 'worldevent',
  ids: 'singleton',
  logic: worldEventMachine,
  boot: true,
  examples: [{ type: 'worldevent.trigger', event: 'festival' }, { type: 'worldevent.end' }],
  summary: (c) => ({ held: c.held }),
});
