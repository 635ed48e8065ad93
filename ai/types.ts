import { z } from 'zod';

/**
 * The contract between actors and the AI layer. A machine emits
 * `effect({ kind: 'ai.decide', request })`; the layer answers with an `ai.decision` event on a later tick.
 * Machines build these objects themselves (no zod inside machines); the effect handler validates them here,
 * at the edge.
 *
 * @example
 * import { effect } from '../machines/kit/outputs.ts';
 * emit(() => effect({
 *   kind: AI_DECIDE,
 *   request: { requestId: 'greet-1', purpose: 'dialogue', actorId: 'npc:prontera.kafra',
 *              facts: { trigger: 'greeting', playerName: 'Alice', weather: 'rain' } },
 * }));
 * // …later the actor receives { type: 'ai.decision', requestId: 'greet-1', tier: 'cache', text: '…', fallback: false }
 */

export const AI_DECIDE = 'ai.decide';
export const AI_DECISION = 'ai.decision';

/** JSON-safe values only: facts are hashed, vectorised and sent to an LLM verbatim. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number().finite(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);

export const complexitySchema = z.enum(['low', 'medium', 'high']);
export type Complexity = z.infer<typeof complexitySchema>;

/** Known purposes get their own rules and templates; any other string is accepted and handled generically. */
export const KNOWN_PURPOSES = ['dialogue', 'decision', 'quest', 'story'] as const;

export const aiRequestSchema = z.object({
  requestId: z.string().min(1).max(200),
  purpose: z.string().min(1).max(64),
  actorId: z.string().min(1).max(200),
  /** the prompt facts: whatever the actor knows that matters for this answer */
  facts: z.record(z.string(), jsonValue).default({}),
  /** for choices: the answer's `choice` is always one of these */
  options: z.array(z.string().min(1).max(100)).min(1).max(32).optional(),
  complexity: complexitySchema.optional(),
});
export type AiRequest = z.infer<typeof aiRequestSchema>;
/** What a machine writes (facts may be omitted). */
export type AiRequestInput = z.input<typeof aiRequestSchema>;

/** The effect as emitted by a machine. */
export const aiDecideEffectSchema = z.object({ kind: z.literal(AI_DECIDE), request: aiRequestSchema });

/** Where the answer came from: 1 rules, 2 cache, 3 batched LLM call, 4 full LLM call. */
export const tierSchema = z.enum(['rules', 'cache', 'batched', 'full']);
export type Tier = z.infer<typeof tierSchema>;
export const TIERS: readonly Tier[] = tierSchema.options;

export const aiDecisionSchema = z.object({
  type: z.literal(AI_DECISION),
  requestId: z.string(),
  tier: tierSchema,
  /** who produced the text: `rules`, `cache`, `anthropic`, `groq`, `offline`, `template`, `default`, … */
  provider: z.string(),
  text: z.string().optional(),
  choice: z.string().optional(),
  /** true when the intended path failed (provider down, malformed or rejected output, budget) and a fallback answered */
  fallback: z.boolean(),
});
export type AiDecision = z.infer<typeof aiDecisionSchema>;

/** The answer body without the envelope fields, as tiers produce it. */
export interface Answer {
  text?: string;
  choice?: string;
  /**
   * Other lines for the same situation (dialogue): the cache hands them out one by one to later similar
   * requests of the same actor, so an NPC answered from the cache does not repeat itself. Never sent to actors.
   */
  variants?: string[];
}

/** What an actor receives of an answer: the line and the choice, never the variants kept for later. */
export const spoken = ({ text, choice }: Answer): Answer => ({ ...(text !== undefined ? { text } : {}), ...(choice !== undefined ? { choice } : {}) });
