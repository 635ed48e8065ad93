import { pick } from '../machines/kit/random.ts';
import { composeLine } from '../machines/dialogueLines.ts';
import { placeName } from '../facts/places.ts';
import { factString, seedOf } from './facts.ts';
import type { AiRequest, Answer } from './types.ts';

/**
 * Offline answers: hand-written templates filled from the facts, chosen with the project's seeded PRNG. This is
 * what the world says when no LLM is configured (the default), and the first fallback when every provider fails.
 * The same request and seed always give the same answer, so replays stay exact.
 *
 * @example
 * templateAnswer({ requestId: 'q1', actorId: 'npc:1', purpose: 'quest',
 *                  facts: { item: 'Jellopy', monster: 'Poring', map: 'prt_fild08' } }, 7);
 * // { text: 'Bring me 5 Jellopy. The Porings of prt_fild08 drop plenty.' } (one of several)
 */

const TEMPLATES: Record<string, readonly string[]> = {
  dialogue: [
    'Welcome, {player}. {weatherLine}',
    'Ah, {player}! Fine {timeOfDay} in {map}, is it not?',
    'Greetings, traveler. {weatherLine}',
    'Need something, {player}? I am {npc}, at your service.',
    'Mind the {monster}s outside {map}, {player}.',
    'Hello again. The roads around {map} are busy this {timeOfDay}.',
  ],
  quest: [
    'Bring me {count} {item}. The {monster}s of {map} drop plenty.',
    'I need {count} {item} before nightfall. Try hunting {monster}s near {map}.',
    'The {monster}s near {map} grow bold. Thin their numbers and I will reward you.',
  ],
  story: [
    'They say a {monster} was seen near {map} when the {weather} began.',
    'Merchants whisper that {item} prices will rise after this {weather}.',
    'An old adventurer swears {map} hides a treasure no one has found.',
  ],
  other: ['{npc} nods thoughtfully.', '{npc} considers this for a moment.', '"Hm," says {npc}.'],
};

const WEATHER_LINES: Record<string, string> = {
  rain: 'Stay dry out there.',
  storm: 'Best wait out the storm here.',
  snow: 'Cold enough to freeze a Poring.',
  clear: 'Lovely day for an adventure.',
  fog: 'Watch your step in this fog.',
};

export function templateAnswer(request: AiRequest, worldSeed = 0): Answer {
  let rng = seedOf(`${request.actorId}|${request.requestId}`, worldSeed);
  const answer: Answer = {};
  if (request.options?.length) [answer.choice, rng] = pick(rng, request.options);
  const purpose = request.purpose.toLowerCase();
  if (request.options?.length && purpose === 'decision') return answer;
  // a text the actor drafted itself (a story chapter) is its own best offline answer: never swap it for a stock one
  const draft = factString(request, ['template', 'draft', 'chapterText']);
  if (draft) return { ...answer, text: draft };
  if (purpose === 'voice') return voicePack(request, rng);
  // an NPC with a persona speaks in its own voice, composed from everything it knows
  if (purpose === 'dialogue' && factString(request, ['archetype'])) {
    const lines = [...new Set([0, 1, 2, 3].map((k) => composeLine(request.facts, (rng + k * 0x9e3779b9) >>> 0)))];
    return { ...answer, text: lines[0]!, ...(lines.length > 1 ? { variants: lines.slice(1) } : {}) };
  }
  const templates = TEMPLATES[purpose] ?? TEMPLATES.other!;
  const [template] = pick(rng, templates);
  answer.text = fill(template, request);
  return answer;
}

/**
 * A day's pack of lines for an NPC (see VoicePacks): composed lines without their greeting, which the pack's user
 * says itself, addressed to `{who}`. What fakes and tests answer; offline, packs are not used.
 */
function voicePack(request: AiRequest, rng: number): Answer {
  const facts = { ...request.facts, player: { name: '{who}' } };
  // the composer greets by time of day (the default is morning); a pack line must fit any hour, so greetings go
  const bodies = Array.from({ length: 24 }, (_, k) =>
    (composeLine(facts, (rng + k * 0x9e3779b9) >>> 0).match(/[^.!?]+[.!?]*/g) ?? []).filter((s) => !/\{who\}|morning/i.test(s)).join('').trim(),
  );
  const lines = [...new Set(bodies.filter(Boolean))].slice(0, 9);
  return { text: lines[0] ?? 'I keep busy, {who}.', ...(lines.length > 1 ? { variants: lines.slice(1) } : {}) };
}

/** Fill `{slot}`s from the facts, with neutral words when a fact is missing. */
function fill(template: string, request: AiRequest): string {
  const weather = factString(request, ['weather'])?.toLowerCase() ?? 'clear';
  const slots: Record<string, string> = {
    player: factString(request, ['playerName', 'player']) ?? 'traveler',
    npc: factString(request, ['npcName', 'npc', 'name']) ?? 'The villager',
    map: factString(request, ['place']) ?? placeName(factString(request, ['map', 'location', 'town']) ?? 'these parts'),
    timeOfDay: factString(request, ['timeOfDay', 'period']) ?? 'day',
    monster: factString(request, ['monster', 'enemy']) ?? 'Poring',
    item: factString(request, ['item', 'wantedItem']) ?? 'Jellopy',
    count: factString(request, ['count', 'amount']) ?? '5',
    weather,
    weatherLine: WEATHER_LINES[weather] ?? 'Strange weather we are having.',
  };
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => slots[slot] ?? '');
}
