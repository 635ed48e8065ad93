import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { npcMachine } from '../machines/npc.ts';
import { seedFor } from '../machines/kit/random.ts';
import { actorNames } from './actorNames.ts';

describe('NPC names for lists and search', () => {
  it('are the names the NPC machine gives its actors', () => {
    for (const seed of [1, 42]) {
      const nameOf = actorNames(seed);
      for (const key of ['0', '2', '10', '199']) {
        const id = `npc:${key}`;
        const actor = createActor(npcMachine, { input: { id, key, seed: seedFor(seed, id), now: 0 } });
        expect(nameOf(id), id).toBe(actor.getSnapshot().context.who.name);
      }
    }
    expect(actorNames(1)('market:prontera')).toBeUndefined();
  });
});
