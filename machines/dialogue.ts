import { pick } from './kit/random.ts';
import type { Personality } from './kit/personality.ts';
import type { MemoryEntry } from './memory.ts';

/**
 * The Dialogue agent's pure parts: what an NPC tells the AI tier layer about itself and the player (facts for
 * the prompt, the personality, the best memories), and the rule-based line used when the AI answers with a
 * template or not at all (the offline default), so conversation never depends on a provider being configured.
 *
 * @example
 * const facts = dialogueFacts({ name: 'Bria', personality, mood: 0.7, map: 'prontera' }, memories, rumour);
 */
export interface Speaker {
  name: string;
  personality: Personality;
  mood: number;
  map: string;
}

export function dialogueFacts(speaker: Speaker, memories: readonly MemoryEntry[], rumour: string | undefined): Record<string, unknown> {
  return {
    npc: speaker.name,
    archetype: speaker.personality.archetype,
    traits: speaker.personality,
    mood: speaker.mood < 0.35 ? 'gloomy' : speaker.mood > 0.7 ? 'cheerful' : 'calm',
    map: speaker.map,
    memories: memories.map((m) => m.text),
    rumour: rumour ?? null,
  };
}

const GREETINGS: Record<string, string[]> = {
  merchant: ['Looking to buy? Prices are fair today.', 'Gold talks, friend.'],
  guard: ['Keep your blade sheathed in town.', 'Report anything strange to the captain.'],
  scholar: ['Have you read the old tablets near the ruins?', 'Knowledge is the only treasure that lasts.'],
  gossip: ['Oh, you will not believe what I heard!', 'Sit, sit, I have news.'],
  farmer: ['The harvest will not bring itself in.', 'Mind the Porings in the wheat.'],
  priest: ['May Odin watch over you.', 'Rest here a while, traveller.'],
  adventurer: ['I was in a dungeon just yesterday!', 'Need a party? I might join.'],
  hermit: ['...', 'Leave me be.'],
};

export function templateLine(speaker: Speaker, playerKnown: boolean, rumour: string | undefined, rng: number): [string, number] {
  const [greeting, next] = pick(rng, GREETINGS[speaker.personality.archetype] ?? GREETINGS.farmer!);
  const welcome = playerKnown ? 'Good to see you again. ' : '';
  const news = rumour && speaker.personality.sociability > 0.3 ? ` They say ${rumour}.` : '';
  return [`${speaker.name}: ${welcome}${greeting}${news}`, next];
}
