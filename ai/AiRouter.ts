import { decisionCacheHitRate, llmApiCalls } from '../runtime/metrics.ts';
import { log } from '../runtime/log.ts';
import { Batcher } from './Batcher.ts';
import { CostTracker, type BudgetState } from './CostTracker.ts';
import { DecisionCache } from './DecisionCache.ts';
import type { DecisionRecorder } from './DecisionRecorder.ts';
import { aiDecisionsTotal, aiModerationRejected } from './metrics.ts';
import { createModerator, type ModerationResult } from './moderation.ts';
import { contextKey } from './normalise.ts';
import { buildCall, parseAnswers } from './prompts.ts';
import { OfflineProvider } from './providers/OfflineProvider.ts';
import type { LlmTier, Provider } from './providers/Provider.ts';
import { ProviderChain, type ProviderChainOptions } from './ProviderChain.ts';
import { applyRules, type Rule } from './rules.ts';
import { templateAnswer } from './templates.ts';
import { AI_DECISION, spoken, type AiDecision, type AiRequest, type Answer, type Complexity, type Tier } from './types.ts';
import { WorldTime } from './WorldTime.ts';
import { VoicePacks } from './VoicePacks.ts';

/**
 * The AI tier router: every decision request goes down the cheapest path that can answer it.
 * 1 rules → 2 cache (exact, then similar) → 3 batched LLM call (cheap model, many requests per call) or
 * 4 full LLM call (strong model, one request), chosen from the request's complexity and the budget state:
 * high complexity goes to tier 4 while the budget is fine, everything goes to tier 3 once it is tight, and no
 * billable call is made once it is exhausted or the hourly call limit is reached. When the LLM path fails
 * (providers down, malformed or rejected output, budget) the answer falls back: template → nearest cached
 * decision → default behaviour, flagged `fallback: true`. A decision's `tier` says where the answer came from.
 *
 * @example
 * const router = new AiRouter(); // offline provider, in-process cache
 * const decision = await router.decide(request, { effectId: ctx.id });
 * // { type: 'ai.decision', requestId, tier: 'batched', provider: 'offline', text: '…', fallback: false }
 */

export interface AiRouterOptions {
  /** in order of preference; default: the offline provider alone */
  providers?: Provider[];
  chain?: ProviderChainOptions;
  cache?: DecisionCache;
  cost?: CostTracker;
  recorder?: DecisionRecorder;
  /** `replay`: recorded decisions only; a missing record is answered offline, never by a provider */
  mode?: 'live' | 'replay';
  rules?: readonly Rule[];
  moderate?: (text: string) => ModerationResult;
  batchWindowMs?: number;
  maxBatch?: number;
  worldSeed?: number;
  /** world time (cache TTLs); pass the one the cache was built with. Default: a fresh one */
  time?: WorldTime;
  /**
   * Overall wall-clock deadline per purpose (ms) for one decision, retries and fail-over included; past it the
   * actor gets the best fallback at once and a late model answer only fills the cache. `false`: no deadline
   * (the simulator, whose clock waits for every answer). Default {@link DEADLINE_MS}.
   */
  deadlines?: Partial<Record<string, number>> | false;
  /**
   * Answer NPC greetings from a daily pack of lines per NPC (`VoicePacks`) while a billable provider is
   * configured. Default true; `false` asks a model per conversation (what the bench compares against).
   */
  voicePacks?: boolean;
}

/**
 * A player at an NPC waits seconds, not the 3 × 20 s of a retried timeout on two providers; a quest or a story
 * chapter nobody is waiting for may take longer. `other` is for purposes not listed.
 */
export const DEADLINE_MS: Readonly<Record<string, number>> = { dialogue: 4_000, decision: 4_000, problem: 15_000, quest: 15_000, story: 30_000, other: 8_000 };

export type FallbackReason = 'providers-failed' | 'no-answer' | 'moderation' | 'budget' | 'replay-miss' | 'deadline';

export interface RouterStats {
  decisions: number;
  byTier: Record<Tier, number>;
  fallbacks: number;
  fallbackReasons: Record<FallbackReason, number>;
  cache: { exact: number; similar: number; joinedInFlight: number; pack: number };
  moderationRejected: number;
  llmCalls: number;
  llmFailures: number;
  replayed: number;
  batches: { batches: number; items: number };
}

type Outcome = Omit<AiDecision, 'type' | 'requestId'>;
interface LlmAnswer {
  answer?: Answer;
  provider: string;
  reason?: FallbackReason;
}

const DEFAULT_COMPLEXITY: Record<string, Complexity> = { quest: 'high', story: 'high' };

export class AiRouter {
  readonly cache: DecisionCache;
  readonly cost: CostTracker;
  readonly chain: ProviderChain;
  readonly time: WorldTime;
  private readonly moderate: (text: string) => ModerationResult;
  private readonly batchers: Record<LlmTier, Batcher<AiRequest, LlmAnswer>>;
  private readonly inFlight = new Map<string, Promise<Outcome>>();
  /** null offline: composing each line costs nothing there, so packs would save nothing */
  private readonly packs: VoicePacks | null;
  private readonly packsInFlight = new Map<string, Promise<boolean>>();
  private readonly counters: RouterStats;

  constructor(private readonly options: AiRouterOptions = {}) {
    this.chain = new ProviderChain(options.providers ?? [new OfflineProvider({ worldSeed: options.worldSeed })], options.chain);
    this.time = options.time ?? new WorldTime();
    this.cache = options.cache ?? new DecisionCache({ now: this.time.now });
    this.cost = options.cost ?? new CostTracker();
    this.moderate = options.moderate ?? createModerator();
    this.packs = options.voicePacks !== false && this.chain.providers.some((p) => p.billable) ? new VoicePacks() : null;
    const batchOf = (tier: LlmTier, maxBatch: number) =>
      new Batcher<AiRequest, LlmAnswer>({
        windowMs: options.batchWindowMs ?? 25,
        maxBatch,
        groupOf: (request) => request.purpose.toLowerCase(),
        dispatch: (requests) => this.callLlm(requests, tier),
      });
    // tier 4 is one request per call by definition: a batch of one, dispatched at once
    this.batchers = { batched: batchOf('batched', options.maxBatch ?? 20), full: batchOf('full', 1) };
    this.counters = {
      decisions: 0,
      byTier: { rules: 0, cache: 0, batched: 0, full: 0 },
      fallbacks: 0,
      fallbackReasons: { 'providers-failed': 0, 'no-answer': 0, moderation: 0, budget: 0, 'replay-miss': 0, deadline: 0 },
      cache: { exact: 0, similar: 0, joinedInFlight: 0, pack: 0 },
      moderationRejected: 0,
      llmCalls: 0,
      llmFailures: 0,
      replayed: 0,
      batches: { batches: 0, items: 0 },
    };
  }

  /** Answer one (already validated) request. Never throws: the worst case is the default behaviour. */
  async decide(request: AiRequest, context: { effectId?: string; now?: number } = {}): Promise<AiDecision> {
    const recorder = this.options.recorder;
    const effectId = context.effectId;
    this.time.observe(context.now);
    if (recorder && effectId) {
      const recorded = await recorder.get(effectId).catch((error: unknown) => {
        // an unreadable recording must not silence the actor: answer anew (a replay may then diverge, logged)
        log.error({ err: error, effectId }, 'ai: decision recorder read failed');
        return undefined;
      });
      if (recorded) {
        this.counters.replayed++;
        return { ...recorded, requestId: request.requestId };
      }
    }
    let outcome: Outcome;
    try {
      outcome = this.options.mode === 'replay' ? this.fallback(request, 'replay-miss') : await this.withinDeadline(request, this.route(request));
    } catch (error) {
      log.error({ err: error, requestId: request.requestId }, 'ai: router failed; answering with the default behaviour');
      outcome = this.defaultBehaviour(request);
    }
    const decision: AiDecision = { type: AI_DECISION, requestId: request.requestId, ...outcome };
    this.count(decision);
    if (recorder && effectId) {
      await recorder.record(effectId, decision).catch((error: unknown) => {
        log.error({ err: error, effectId }, 'ai: decision recorder write failed; the actor still gets its answer');
      });
    }
    return decision;
  }

  /** The route's answer, or past the purpose's deadline the best fallback; the route carries on (and caches). */
  private async withinDeadline(request: AiRequest, route: Promise<Outcome>): Promise<Outcome> {
    const deadlines = this.options.deadlines;
    if (deadlines === false) return route;
    const purpose = request.purpose.toLowerCase();
    const ms = deadlines?.[purpose] ?? DEADLINE_MS[purpose] ?? deadlines?.other ?? DEADLINE_MS.other!;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), ms);
      timer.unref?.();
    });
    try {
      const first = await Promise.race([route, late]);
      if (first !== 'late') return first;
      route.catch(() => {}); // still running: its answer lands in the cache, its failure is already logged
      return this.fallback(request, 'deadline');
    } finally {
      clearTimeout(timer);
    }
  }

  /** The tier a request that misses rules and cache would take now. */
  planTier(request: AiRequest, budget: BudgetState = this.cost.budgetState()): LlmTier {
    const complexity = request.complexity ?? DEFAULT_COMPLEXITY[request.purpose.toLowerCase()] ?? 'low';
    return complexity === 'high' && budget === 'ok' ? 'full' : 'batched';
  }

  stats(): RouterStats {
    const copy = structuredClone(this.counters);
    const batched = this.batchers.batched.stats();
    copy.batches = { batches: batched.batches, items: batched.items };
    return copy;
  }

  /** Send every waiting batch now (shutdown, or the end of a simulated tick). */
  flush(): void {
    this.batchers.batched.flush();
    this.batchers.full.flush();
  }

  private async route(request: AiRequest): Promise<Outcome> {
    const ruled = applyRules(request, this.options.rules);
    if (ruled && this.passes(ruled.answer, 'rules')) return { tier: 'rules', provider: 'rules', ...spoken(ruled.answer), fallback: false };
    if (this.packs?.eligible(request)) return this.fromPack(this.packs, request);

    const hit = await this.cache.lookup(request);
    if (hit) {
      this.counters.cache[hit.match]++;
      return { tier: 'cache', provider: hit.provider, ...hit.answer, fallback: false };
    }

    // identical requests already on their way to a model share that one answer
    const key = contextKey(request);
    const pending = this.inFlight.get(key);
    if (pending) {
      this.counters.cache.joinedInFlight++;
      const shared = await pending;
      return shared.fallback ? shared : { ...shared, tier: 'cache' };
    }
    const promise = this.askModel(request);
    this.inFlight.set(key, promise);
    try {
      return await promise;
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** A greeting from the NPC's pack of the day; without one, the pack is asked for (with others', one call). */
  private async fromPack(packs: VoicePacks, request: AiRequest): Promise<Outcome> {
    const day = VoicePacks.dayOf(this.time.now());
    const fromPack = (tier: Tier): Outcome | undefined => {
      const line = packs.compose(request, day);
      if (!line) return undefined;
      if (tier === 'cache') this.counters.cache.pack++;
      return { tier, provider: line.provider, text: line.text, fallback: false };
    };
    const ready = fromPack('cache');
    if (ready) return ready;
    const coming = this.packsInFlight.get(request.actorId);
    if (coming && (await coming)) return fromPack('cache') ?? this.fallback(request, 'no-answer');
    if (this.mustNotCall()) return this.fallback(request, 'budget');
    // every ask is submitted in this event-loop turn, so the batcher sends them as one call
    const [own] = packs.ask(request, day).map((ask) => this.askPack(packs, ask));
    return (await own!) ? (fromPack('batched') ?? this.fallback(request, 'no-answer')) : this.fallback(request, 'providers-failed');
  }

  private askPack(packs: VoicePacks, ask: AiRequest): Promise<boolean> {
    const kept = this.batchers.batched.submit(ask).then(
      (result) => {
        const lines = [result.answer?.text ?? '', ...(result.answer?.variants ?? [])].filter((line) => line && this.passes({ text: line }, result.provider));
        return packs.store(ask, lines, result.provider);
      },
      (error: unknown) => {
        log.warn({ err: error, requestId: ask.requestId }, 'ai: voice pack failed');
        return false;
      },
    );
    const settled = kept.then((ok) => {
      if (!ok) packs.forget(ask);
      if (this.packsInFlight.get(ask.actorId) === settled) this.packsInFlight.delete(ask.actorId);
      return ok;
    });
    this.packsInFlight.set(ask.actorId, settled);
    return settled;
  }

  /** Only billable providers are configured and the budget or the hourly limit forbids a call. */
  private mustNotCall(): boolean {
    return this.chain.providers.every((p) => p.billable) && !this.cost.allowsCall();
  }

  private async askModel(request: AiRequest): Promise<Outcome> {
    const tier = this.planTier(request);
    if (this.mustNotCall()) return this.fallback(request, 'budget');
    let result: LlmAnswer;
    try {
      result = await this.batchers[tier].submit(request);
    } catch (error) {
      log.warn({ err: error, requestId: request.requestId }, 'ai: LLM path failed');
      return this.fallback(request, 'providers-failed');
    }
    if (!result.answer) return this.fallback(request, result.reason ?? 'no-answer');
    if (!this.passes(result.answer, result.provider)) return this.fallback(request, 'moderation');
    // the asker says the first line; the variants wait in the cache for this actor's next similar requests
    const variants = result.answer.variants?.filter((v) => this.passes({ text: v }, result.provider));
    const stored = spoken(result.answer);
    if (variants?.length) stored.variants = variants;
    await this.cache.store(request, stored, result.provider, 1);
    return { tier, provider: result.provider, ...spoken(result.answer), fallback: false };
  }

  /** One model call for a batch (or a single full request); one result per request, never a throw per item. */
  private async callLlm(requests: AiRequest[], tier: LlmTier): Promise<LlmAnswer[]> {
    const call = buildCall(requests, tier);
    let outcome;
    try {
      outcome = await this.chain.complete(call, {
        allow: (provider) => !provider.billable || this.cost.allowsCall(),
        // a reply with no usable answer is a failure like a 500: the breaker counts it and the next provider is asked
        validate: (result) => (parseAnswers(result.text, requests).some(Boolean) ? undefined : 'no valid answer in the reply'),
        onAttempt: (attempt) => {
          this.counters.llmCalls++;
          if (!attempt.ok) this.counters.llmFailures++;
          llmApiCalls.inc({ provider: attempt.provider.name, model: attempt.model, tier, outcome: attempt.ok ? 'ok' : 'error' });
          if (!attempt.provider.billable) return;
          this.cost.noteCall();
          if (attempt.result) this.cost.record(attempt.provider.name, attempt.result.model, attempt.result.inputTokens, attempt.result.outputTokens);
        },
      });
    } catch (error) {
      log.warn({ err: error, requests: requests.length, tier }, 'ai: no provider answered');
      const reason: FallbackReason = this.cost.allowsCall() ? 'providers-failed' : 'budget';
      return requests.map(() => ({ provider: 'none', reason }));
    }
    const answers = parseAnswers(outcome.result.text, requests);
    const missing = answers.filter((a) => !a).length;
    if (missing) log.warn({ provider: outcome.provider.name, missing, of: requests.length }, 'ai: malformed or incomplete model reply');
    return answers.map((answer) => (answer ? { answer, provider: outcome.provider.name } : { provider: outcome.provider.name, reason: 'no-answer' }));
  }

  /** template → nearest cached decision → default behaviour. */
  private fallback(request: AiRequest, reason: FallbackReason): Outcome {
    this.counters.fallbackReasons[reason]++;
    const template = templateAnswer(request, this.options.worldSeed);
    if (this.passes(template, 'template')) return { tier: 'rules', provider: 'template', ...spoken(template), fallback: true };
    const nearest = this.cache.nearest(request);
    if (nearest) return { tier: 'cache', provider: 'cache', ...nearest.answer, fallback: true };
    return this.defaultBehaviour(request);
  }

  /** The actor's own default: the first option, no words. The machine knows what to do with that. */
  private defaultBehaviour(request: AiRequest): Outcome {
    return { tier: 'rules', provider: 'default', ...(request.options ? { choice: request.options[0] } : {}), fallback: true };
  }

  private passes(answer: Answer, source: string): boolean {
    if (answer.text === undefined) return true;
    const verdict = this.moderate(answer.text);
    if (verdict.ok) return true;
    this.counters.moderationRejected++;
    aiModerationRejected.inc({ source, reason: verdict.reason });
    log.info({ source, reason: verdict.reason }, 'ai: generated text rejected by moderation');
    return false;
  }

  private count(decision: AiDecision): void {
    this.counters.decisions++;
    this.counters.byTier[decision.tier]++;
    if (decision.fallback) this.counters.fallbacks++;
    aiDecisionsTotal.inc({ tier: decision.tier, fallback: String(decision.fallback) });
    decisionCacheHitRate.set(this.counters.byTier.cache / this.counters.decisions);
  }
}

