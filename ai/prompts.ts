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
  'You voice the people and powers of a Ragnarok Online world. Stay in character, in the world, in plain text.',
  'Never mention being an AI, never include links or contact details. Keep spoken lines under 240 characters.',
  'Reply with ONLY a JSON array: one object per request, {"i": <request number>, "text": "<spoken line>",',
  '"choice": "<one of the listed options>"}. Include "choice" only when options are listed, "text" unless the',
  'purpose is a pure decision.',
].join(' ');

const MAX_TOKENS: Record<LlmTier, number> = { batched: 120, full: 400 };

export function buildCall(requests: AiRequest[], tier: LlmTier): LlmCall {
  const lines = requests.map((request, i) => {
    const parts = [`#${i} purpose=${request.purpose}`, `facts=${JSON.stringify(request.facts)}`];
    if (request.options) parts.push(`options=${JSON.stringify(request.options)}`);
    return parts.join(' ');
  });
  return {
    tier,
    system: SYSTEM_PROMPT,
    prompt: `${requests.length} request(s):\n${lines.join('\n')}`,
    maxTokens: Math.min(4000, MAX_TOKENS[tier] * requests.length),
    requests,
  };
}

const answerSchema = z.object({
  i: z.number().int().nonnegative(),
  text: z.string().max(2000).optional(),
  choice: z.string().max(200).optional(),
});

/** One slot per request, in request order; `undefined` where the reply had no valid answer for it. */
export function parseAnswers(text: string, requests: AiRequest[]): (Answer | undefined)[] {
  const answers: (Answer | undefined)[] = requests.map(() => undefined);
  const items = extractJsonArray(text);
  if (!items) return answers;
  for (const item of items) {
    const parsed = answerSchema.safeParse(item);
    if (!parsed.success) continue;
    const { i, text: line, choice } = parsed.data;
    const request = requests[i];
    if (!request || answers[i]) continue;
    const answer = validAnswer(request, line, choice);
    if (answer) answers[i] = answer;
  }
  return answers;
}

/** Serialise answers in the wire format (what a well-behaved model returns). */
export function formatAnswers(answers: Answer[]): string {
  return JSON.stringify(answers.map((answer, i) => ({ i, ...answer })));
}

/** A choice must be one of the request's options (matched case-insensitively, returned in its own spelling). */
function validAnswer(request: AiRequest, text: string | undefined, choice: string | undefined): Answer | undefined {
  const answer: Answer = {};
  if (request.options) {
    const wanted = choice?.trim().toLowerCase();
    const option = request.options.find((o) => o.toLowerCase() === wanted);
    if (!option) return undefined;
    answer.choice = option;
  }
  if (text?.trim()) answer.text = text.trim();
  if (!answer.choice && !answer.text) return undefined;
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
