import { z } from 'zod';
import type { LlmCall, LlmTier } from './providers/Provider.ts';
import type { AiRequest, Answer } from './types.ts';

/**
 * The one wire format between the AI layer and every model: the prompt lists numbered requests; the model
 * answers with a JSON array holding one `{ "i": n, "text"?: "…", "choice"?: "…" }` per request. A full (tier 4)
 * call is the same format with one request and a stronger model, so there is one parser to trust.
 * Parsing never throws: a malformed reply, or one answer that is missing or invalid, yields `undefined` for the
 * affected requests and the router falls back for exactly those.
 *
 * @example
 * const call = buildCall([request], 'full');
 * const answers = parseAnswers(await provider.complete(call).then((r) => r.text), [request]); // [Answer | undefined]
 */

export const SYSTEM_PROMPT = [
  'You write for the people and powers of a Ragnarok Online world. Stay in character and in the world, in plain',
  'text. Never mention being an AI, never include links or contact details. Use names and places exactly as the',
  'facts give them; never invent map codes or ids. Reply with ONLY a JSON array: one object per request,',
  '{"i": <request number>, "text": "<the text>", "choice": "<one of the listed options>"}. Include "choice" only',
  'when options are listed.',
].join(' ');

/**
 * What each purpose asks of the model, as a game writer would brief it, and how long its text may be (a longer
 * text is refused and the request falls back). A batch holds one purpose (the batcher groups by purpose).
 */
export const PURPOSES: Record<string, { brief: string; maxChars: number; lines?: number }> = {
  dialogue: {
    maxChars: 240,
    lines: 4,
    brief: [
      'DIALOGUE: what the NPC says to the player who just spoke to them. One or two sentences in the NPC\'s voice',
      '(archetype, temperament, mood). Address the player by name, or by class if no name is given. Touch at most',
      'one or two of: a rumour, the player\'s deeds, what the NPC remembers of them ("memories"), the place, the time',
      'of day, the NPC\'s own day ("lastActivity"), its trade ("stock", "purse"), danger. Do not start with the',
      'NPC\'s name: the game shows who speaks. Under 240 characters. Also give "variants": three more lines the NPC',
      'might say in the same situation, each with another opening and topic (they are used for its next visitors).',
    ].join(' '),
  },
  voice: {
    maxChars: 200,
    lines: 9,
    brief: [
      'VOICE: lines this NPC might say today to whoever speaks to them, in its own voice (archetype, temperament):',
      'its work, its place, its worries and hopes. Give "text" and eight "variants", nine lines in all, each one or',
      'two sentences with its own opening and topic. Write {who} where the NPC addresses the person (the game puts',
      'their name there); never name the time of day, the weather or a particular person. Under 200 characters each.',
    ].join(' '),
  },
  quest: {
    maxChars: 400,
    brief: 'QUEST: the quest-giver asks the player for help: what to hunt or bring, where, and why it matters to them. Keep every number, monster, item and place of the facts exactly. One to three sentences, under 400 characters.',
  },
  story: {
    maxChars: 600,
    brief: 'STORY CHAPTER: announce this chapter of the world\'s story as a herald would. The facts\' "template" is the chapter as written: keep its heading, events, names and outcome, and make it vivid; never replace it with another story. Two to four sentences, under 600 characters.',
  },
  problem: {
    maxChars: 300,
    brief: 'PROBLEM: announce a problem in the world (a plague, an invasion, a shortage) and what adventurers can do about it, with the place and numbers of the facts. One or two sentences, under 300 characters.',
  },
  decision: {
    maxChars: 200,
    brief: 'DECISION: choose the option that fits the actor\'s state and character best. "text" is optional: at most one short sentence the actor might say.',
  },
  other: { maxChars: 300, brief: 'Answer in character, one or two sentences, under 300 characters.' },
};

export const purposeOf = (purpose: string) => PURPOSES[purpose.toLowerCase()] ?? PURPOSES.other!;

const MAX_TOKENS: Record<LlmTier, number> = { batched: 120, full: 400 };

export function buildCall(requests: AiRequest[], tier: LlmTier): LlmCall {
  const lines = requests.map((request, i) => {
    const parts = [`#${i} purpose=${request.purpose}`, `facts=${JSON.stringify(request.facts)}`];
    if (request.options) parts.push(`options=${JSON.stringify(request.options)}`);
    return parts.join(' ');
  });
  const briefs = [...new Set(requests.map((r) => purposeOf(r.purpose).brief))];
  // each answer is its text plus any variants the purpose asks for
  const longest = Math.max(...requests.map((r) => purposeOf(r.purpose).maxChars * (purposeOf(r.purpose).lines ?? 1)));
  return {
    tier,
    system: [SYSTEM_PROMPT, ...briefs].join('\n\n'),
    prompt: `${requests.length} request(s):\n${lines.join('\n')}`,
    // ~4 characters a token, plus the JSON around each text
    maxTokens: Math.min(4000, Math.max(MAX_TOKENS[tier], Math.ceil(longest / 3) + 30) * requests.length),
    requests,
  };
}

const answerSchema = z.object({
  i: z.number().int().nonnegative(),
  text: z.string().max(2000).optional(),
  choice: z.string().max(200).optional(),
  variants: z.array(z.unknown()).max(8).optional(),
});

/** One slot per request, in request order; `undefined` where the reply had no valid answer for it. */
export function parseAnswers(text: string, requests: AiRequest[]): (Answer | undefined)[] {
  const answers: (Answer | undefined)[] = requests.map(() => undefined);
  const items = extractJsonArray(text);
  if (!items) return answers;
  for (const item of items) {
    const parsed = answerSchema.safeParse(item);
    if (!parsed.success) continue;
    const { i, text: line, choice, variants } = parsed.data;
    const request = requests[i];
    if (!request || answers[i]) continue;
    const answer = validAnswer(request, line, choice, variants);
    if (answer) answers[i] = answer;
  }
  return answers;
}

/** Serialise answers in the wire format (what a well-behaved model returns). */
export function formatAnswers(answers: Answer[]): string {
  return JSON.stringify(answers.map((answer, i) => ({ i, ...answer })));
}

/** A choice must be one of the request's options (matched case-insensitively, returned in its own spelling). */
function validAnswer(request: AiRequest, text: string | undefined, choice: string | undefined, variants?: unknown[]): Answer | undefined {
  const answer: Answer = {};
  if (request.options) {
    const wanted = choice?.trim().toLowerCase();
    const option = request.options.find((o) => o.toLowerCase() === wanted);
    if (!option) return undefined;
    answer.choice = option;
  }
  if (text?.trim()) {
    // a text past the purpose's length is not what was asked for: that request falls back
    if (text.trim().length > purposeOf(request.purpose).maxChars) return undefined;
    answer.text = text.trim();
  }
  if (!answer.choice && !answer.text) return undefined;
  // variants that are not usable lines (too long, empty, repeats) are dropped; the answer stands without them
  const max = purposeOf(request.purpose).maxChars;
  const seen = new Set([answer.text]);
  const usable = (variants ?? []).flatMap((v) => {
    const line = typeof v === 'string' ? v.trim() : '';
    if (!line || line.length > max || seen.has(line)) return [];
    seen.add(line);
    return [line];
  });
  if (answer.text && usable.length) answer.variants = usable;
  return answer;
}

/** Models wrap JSON in prose or code fences; take the outermost array and parse only that. */
function extractJsonArray(text: string): unknown[] | undefined {
  const start = text.indexOf('[');
  const end = text.lastIndexOf(']');
  if (start < 0 || end <= start) return undefined;
  try {
    const value: unknown = JSON.parse(text.slice(start, end + 1));
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
