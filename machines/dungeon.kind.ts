import { defineKind } from './kit/kind.ts';
import { dungeonMachine } from './dungeon.ts';

/** Dungeons (`dungeon:main`): the day's layout and difficulty. */
export const kind = defineKind({
  name: 'dungeon',
  ids: 'singleton',
  logic: dungeonMachine,
  daily: '00:15',
  examples: [{ type: 'pipeline.run', slot: 'dungeon', day: 0 }],
  summary: (c) => ({ difficulty: c.difficulty }),
});
