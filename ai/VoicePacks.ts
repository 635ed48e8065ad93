import { pick } from '../machines/kit/random.ts';
import { memoryLine, openingOf } from '../machines/dialogueLines.ts';
import { seedOf } from './facts.ts';
import type { AiRequest, JsonValue } from './types.ts';

/**
 * Voice packs: one model answer per NPC per world day, in that NPC's own voice, instead of one per conversation.
 *
 * Why: a player conversation is the world's commonest AI request and each carries the NPC's name, persona, the
 * player and the moment, so almost none repeat within the cache's hour (measured: ~60 % of dialogue requests
 * reached a model at real-time pace). What must be the model's — the NPC's voice about its life, trade and
 * place — does not change within a day; what changes per conversation — the player's name, whether they met,
 * the day's rumour — rules can say. So the model writes a pack of lines for the NPC's day (with a `{who}` slot
 * for whoever it talks to), asked in one batched call together with the packs of other NPCs it is likely to
 * need next (those that spoke on an earlier day), and each conversation is one pack line with the player's
 * name and a personal clause composed around it. A line is told at most {@link USES_PER_LINE} times (never twice
 * in a row to one player); a spent pack asks for a fresh one.
 *
 * Packs are kept per NPC only (never shared across NPCs) and only while a billable provider answers: offline,
 * every line is composed per conversation at no cost (`templates.ts`), so packs would save nothing.
 *
 * @example
 * const packs = new VoicePacks();
 * if (packs.eligible(request)) packs.compose(request, day) ?? (await askForPack(packs.ask(request, day)));
 */

/** The facts a pack is written from: who the NPC is and where, nothing about one conversation. */
const PACK_FACTS = ['npc', 'archetype', 'temperament', 'place'] as const;
export const PACK_PURPOSE = 'voice';
/** Lines a pack asks for (one text + variants, the wire format's limit). */
export const PACK_LINES = 9;
/** How many conversations one line may serve, to different players, before the pack is spent. */
export const USES_PER_LINE = 2;
/** Packs of other NPCs asked for in the same call as the one needed now. */
export const PREFETCH = 7;
const DAY_MS = 86_400_000;

interface Pack {
  day: number;
  lines: string[];
  provider: string;
  /** conversations served */
  served: number;
  lastPlayer: Map<number, string>;
}

interface Known {
  facts: Record<string, JsonValue>;
  /** the latest world day the NPC spoke, for choosing whom to prefetch */
  lastDay: number;
}

export class VoicePacks {
  private readonly packs = new Map<string, Pack>();
  private readonly known = new Map<string, Known>();
  /** the day each NPC's pack was last asked for */
  private readonly asked = new Map<string, number>();
  private serial = 0;

  constructor(private readonly maxNpcs = 20_000) {}

  /** A greeting by an NPC with a persona: the conversations packs serve. */
  eligible(request: AiRequest): boolean {
    const f = request.facts;
    return request.purpose.toLowerCase() === 'dialogue' && !request.options && typeof f.npc === 'string' && typeof f.archetype === 'string' && (f.trigger ?? 'greeting') === 'greeting';
  }

  static dayOf(now: number): number {
    return Math.floor(now / DAY_MS);
  }

  /** This conversation's line from the NPC's pack of the day, or undefined when there is none (or it is spent). */
  compose(request: AiRequest, day: number): { text: string; provider: string } | undefined {
    this.remember(request, day);
    const pack = this.packs.get(request.actorId);
    if (!pack || pack.day !== day || pack.served >= pack.lines.length * USES_PER_LINE) return undefined;
    const who = whoOf(request.facts);
    let index = pack.served % pack.lines.length;
    // the same player never hears the same line twice running
    if (pack.lastPlayer.get(index) === who && pack.lines.length > 1) index = (index + 1) % pack.lines.length;
    pack.served++;
    pack.lastPlayer.set(index, who);
    return { text: personalise(pack.lines[index]!, request, who), provider: pack.provider };
  }

  /** The pack request for this NPC today, then up to {@link PREFETCH} others it will likely need; each asked once a day. */
  ask(request: AiRequest, day: number): AiRequest[] {
    this.remember(request, day);
    const own = this.packRequest(request.actorId, this.known.get(request.actorId)!.facts, day);
    const out = [own];
    for (const [actorId, known] of [...this.known].reverse()) {
      if (out.length > PREFETCH) break;
      if (actorId === request.actorId || known.lastDay >= day) continue;
      if (this.asked.get(actorId) === day || this.packs.get(actorId)?.day === day) continue;
      out.push(this.packRequest(actorId, known.facts, day));
    }
    return out;
  }

  /** A pack arrived: keep its usable lines (none: not kept, and the conversation falls back). */
  store(packRequest: AiRequest, lines: string[], provider: string): boolean {
    const usable = [...new Set(lines.map((l) => l.trim()).filter(Boolean))];
    if (!usable.length) return false;
    this.packs.set(packRequest.actorId, { day: dayOfAsk(packRequest), lines: usable, provider, served: 0, lastPlayer: new Map() });
    return true;
  }

  /** Forget a failed ask so the next conversation may ask again. */
  forget(packRequest: AiRequest): void {
    if (this.asked.get(packRequest.actorId) === dayOfAsk(packRequest)) this.asked.delete(packRequest.actorId);
  }

  get size(): number {
    return this.packs.size;
  }

  private packRequest(actorId: string, facts: Record<string, JsonValue>, day: number): AiRequest {
    this.asked.set(actorId, day);
    // a spent pack asks again the same day: a serial keeps each ask's request id (and cache key) its own
    this.serial++;
    return { requestId: `voice:${actorId}|${day}|${this.serial}`, actorId, purpose: PACK_PURPOSE, complexity: 'low', facts };
  }

  private remember(request: AiRequest, day: number): void {
    const facts: Record<string, JsonValue> = {};
    for (const key of PACK_FACTS) if (request.facts[key] !== undefined) facts[key] = request.facts[key]!;
    // most recently heard last: Map order is insertion order
    this.known.delete(request.actorId);
    this.known.set(request.actorId, { facts, lastDay: day });
    if (this.known.size > this.maxNpcs) {
      const oldest = this.known.keys().next().value!;
      this.known.delete(oldest);
      this.packs.delete(oldest);
      this.asked.delete(oldest);
    }
  }
}

const dayOfAsk = (packRequest: AiRequest): number => Number(packRequest.requestId.split('|')[1]);

/** The player as the NPC addresses them: name, else class, else a plain word. */
function whoOf(facts: Record<string, JsonValue>): string {
  const player = (facts.player ?? {}) as Record<string, JsonValue>;
  if (typeof player.name === 'string' && player.name) return player.name;
  if (typeof player.job === 'string' && player.job) return `young ${player.job}`;
  return 'traveller';
}

const RUMOUR = ['They say {rumour}.', 'Word is that {rumour}.', 'Folk keep saying {rumour}.'];

/**
 * The pack line for this player: addressed by name (`{who}` filled, or the NPC's own greeting for the hour in
 * front: pack lines fit any hour), with one clause of what only this conversation knows — when they last met,
 * else the day's rumour — when there is room in the 240 characters.
 */
function personalise(line: string, request: AiRequest, who: string): string {
  const f = request.facts;
  let rng = seedOf(request.requestId);
  let text = line.replaceAll('{who}', who);
  if (!line.includes('{who}')) {
    let greeting: string;
    [greeting, rng] = openingOf(f, rng);
    text = `${greeting.replaceAll('{who}', who)} ${text}`;
  }
  let clause: string | null;
  [clause, rng] = memoryLine(f, rng);
  const rumours = Array.isArray(f.rumours) ? f.rumours.filter((r): r is string => typeof r === 'string') : [];
  if (!clause && rumours.length) {
    const [rumour, r1] = pick(rng, rumours);
    clause = pick(r1, RUMOUR)[0].replace('{rumour}', rumour);
  }
  return clause && text.length + clause.length + 1 <= 240 ? `${text} ${clause}` : text;
}
