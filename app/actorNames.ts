import { nameFrom, personalityFrom } from '../machines/kit/personality.ts';
import { seedFor } from '../machines/kit/random.ts';

/**
 * An NPC's name without loading its snapshot: machines/npc.ts draws it from the actor's own seed (personality
 * first, then the name), so the same draw here gives the same name. app/actorNames.test.ts checks it against
 * the machine's initial context, so the two cannot drift apart unnoticed. Other kinds have no name.
 */
export function actorNames(worldSeed: number): (id: string) => string | undefined {
  const known = new Map<string, string>();
  return (id) => {
    if (!id.startsWith('npc:')) return undefined;
    let name = known.get(id);
    if (name === undefined) {
      const [, afterPersonality] = personalityFrom(seedFor(worldSeed, id));
      name = nameFrom(afterPersonality)[0];
      known.set(id, name);
    }
    return name;
  };
}
