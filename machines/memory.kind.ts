import { defineKind } from './kit/kind.ts';
import { playerMemoryStore } from './memory.ts';

/** What NPCs remember of a player (`memory:<player id>`): deeds, and the character's job and level. */
export const kind = defineKind({
  name: 'memory',
  ids: 'player',
  logic: playerMemoryStore,
  routes: {
    // the login carries the character's job and level: the memory keeps them for NPCs to use
    player_login: (e) => e.player,
    custom: (e) => e.player !== null && /^(base|job)_level_up$/.test(String(e.payload.kind)) && e.player,
  },
  examples: [
    { type: 'memory.remember', text: 'saved a merchant', importance: 0.7, tags: ['hero'] },
    { type: 'memory.recall', tags: ['hero'], k: 3, replyTo: 'npc:0', requestId: 'r1' },
  ],
});
