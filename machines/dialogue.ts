import { nextRandom } from './kit/random.ts';
import type { Personality } from './kit/personality.ts';
import { DAY, HOUR, hourOf } from './kit/time.ts';
import type { MemoryEntry } from './memory.ts';
import { humanise, placeName } from '../facts/places.ts';
import { composeLine } from './dialogueLines.ts';

/**
 * The Dialogue agent's pure parts: what an NPC tells the AI layer about itself, the player and the moment
 * (facts for the prompt, in words a writer can use: place names, "we spoke yesterday", the player's class and
 * deeds), and the offline line composed from the same facts (`dialogueLines.ts`), used when the AI layer answers
 * with a fallback or not in time, so conversation never depends on a provider being configured.
 *
 * @example
 * const facts = dialogueFacts(npc, { playerId: 5, name: 'Alice', job: 'Acolyte', level: 31 }, memories, deeds, now);
 * const [line, rng] = offlineLine(facts, npc.rng); // 'Good evening, Alice. …'
 */
export interface Speaker {
  name: string;
  personality: Personality;
  mood: number;
  map: string;
  danger?: number;
  goods?: number;
  zeny?: number;
  rumours?: readonly { text: string }[];
  lastActivity?: string;
}

/** What the NPC knows of the player in front of it (from the click and the player's memory actor). */
export interface PlayerFacts {
  playerId: number;
  name?: string;
  job?: string;
  level?: number;
}

export type DialogueFacts = Record<string, unknown> & {
  npc: string;
  archetype: string;
  place: string;
  timeOfDay: string;
  player: { name: string | null; job: string | null; level: number | null };
  metBefore: boolean;
  memories: string[];
  playerDeeds: string[];
  rumours: string[];
};

export function timeOfDay(now: number): string {
  const h = hourOf(now);
  return h < 5 ? 'night' : h < 8 ? 'dawn' : h < 12 ? 'morning' : h < 14 ? 'midday' : h < 18 ? 'afternoon' : h < 22 ? 'evening' : 'night';
}

const ago = (ms: number): string =>
  ms < 2 * HOUR ? 'a little while ago' : ms < DAY ? 'earlier today' : ms < 2 * DAY ? 'yesterday' : ms < 7 * DAY ? 'a few days ago' : 'some time ago';

/** The NPC's own memories of this player, in words: "we spoke yesterday", "we spoke 3 times". */
export function memoriesInWords(own: readonly MemoryEntry[], now: number): string[] {
  if (!own.length) return [];
  const latest = Math.max(...own.map((m) => m.at));
  const out = [`we last spoke ${ago(now - latest)}`];
  if (own.length > 1) out.push(`we have spoken ${own.length} times`);
  for (const m of own) if (!m.text.startsWith('spoke with')) out.push(humanise(m.text));
  return out;
}

export function dialogueFacts(speaker: Speaker, player: PlayerFacts, own: readonly MemoryEntry[], deeds: readonly string[], now: number): DialogueFacts {
  const p = speaker.personality;
  return {
    trigger: 'greeting',
    npc: speaker.name,
    archetype: p.archetype,
    temperament: [p.sociability > 0.6 ? 'talkative' : p.sociability < 0.3 ? 'reserved' : null, p.greed > 0.6 ? 'money-minded' : null, p.bravery > 0.6 ? 'bold' : p.bravery < 0.3 ? 'timid' : null, p.curiosity > 0.6 ? 'curious' : null, p.piety > 0.6 ? 'devout' : null].filter(Boolean).join(', ') || 'plain-spoken',
    mood: speaker.mood < 0.35 ? 'gloomy' : speaker.mood > 0.7 ? 'cheerful' : 'calm',
    place: placeName(speaker.map),
    timeOfDay: timeOfDay(now),
    player: { name: player.name ?? null, job: player.job ?? null, level: player.level ?? null },
    metBefore: own.length > 0,
    memories: memoriesInWords(own, now),
    playerDeeds: deeds.map(humanise).slice(0, 3),
    rumours: (speaker.rumours ?? []).slice(0, 2).map((r) => humanise(r.text)),
    danger: (speaker.danger ?? 0) > 0.6 ? 'dangerous' : (speaker.danger ?? 0) > 0.25 ? 'uneasy' : 'peaceful',
    stock: (speaker.goods ?? 0) >= 6 ? 'plenty' : (speaker.goods ?? 0) >= 2 ? 'some' : 'none',
    purse: (speaker.zeny ?? 0) >= 1500 ? 'rich' : (speaker.zeny ?? 0) >= 300 ? 'comfortable' : 'poor',
    ...(speaker.lastActivity ? { lastActivity: speaker.lastActivity } : {}),
  };
}

/**
 * The line an NPC says without a model: composed from its facts with its own seeded generator. Always in its
 * own voice; the caller prefixes the speaker's name.
 */
export function offlineLine(facts: DialogueFacts, rng: number): [string, number] {
  const [seed, next] = nextRandom(rng);
  return [composeLine(facts, Math.floor(seed * 4294967296)), next];
}

/** The NPC's name in front of a line, unless the line already starts with it. */
export function spokenBy(name: string, line: string): string {
  const trimmed = line.trim();
  return trimmed.startsWith(`${name}:`) ? trimmed : `${name}: ${trimmed}`;
}

