import { readFile, writeFile } from 'node:fs/promises';
import { AiRouter } from '../ai/AiRouter.ts';
import { MemoryDecisionRecorder } from '../ai/DecisionRecorder.ts';
import { AI_ERROR, decisionKey } from '../ai/effectHandler.ts';
import { aiDecideEffectSchema, aiDecisionSchema, type AiDecision } from '../ai/types.ts';
import type { EffectContext, EffectHandler } from '../runtime/control.ts';
import type { Runtime } from '../runtime/Runtime.ts';

/**
 * The AI layer in simulated time. The simulator runs the world's own router (offline provider without keys,
 * real providers with keys and a budget), and AI answers take virtual time deterministically:
 *
 * **The clock waits for each tick's decisions.** Every `ai.decide` emitted during tick *t* is answered before
 * tick *t+1* runs, delivered in the order the effects were emitted; so an answer always takes exactly one tick
 * of world time, however long the model took on the wall clock. Chosen over "answers land at a fixed virtual
 * latency" (queued until now + L) because that would still need the clock to wait when a model is slower than
 * L of wall time, adds a queue to persist, and gains nothing a simulation measures: a one-tick latency is below
 * every deadline a machine sets (the NPC's dialogue deadline is 5 s, sim ticks are a minute and timers due
 * within the tick fire after the answer already sits in the mailbox). The router's wall-clock deadlines are off
 * here for the same reason: they would make the world depend on the provider's speed.
 *
 * With `record`, every decision is kept under its effect id; `replay` answers only from such a recording, so a
 * recorded live run (even against a real, non-deterministic model) replays to the same world hash.
 *
 * @example
 * const ai = new TickAlignedAi(new AiRouter({ batchWindowMs: 0, deadlines: false }));
 * runtime.onEffect('ai.decide', ai.handler);
 * await runtime.runUntil(runtime.clock().now + tickMs); await ai.settle(); // every tick
 */
export class TickAlignedAi {
  private pending: { ctx: EffectContext; decision: Promise<AiDecision | null>; requestId?: string }[] = [];

  constructor(readonly router: AiRouter) {}

  /** Register for `ai.decide`: starts the decision now, answers at {@link settle}. */
  readonly handler: EffectHandler = (effect, ctx) => {
    const parsed = aiDecideEffectSchema.safeParse(effect);
    if (!parsed.success) {
      const requestId = (effect as { request?: { requestId?: unknown } }).request?.requestId;
      this.pending.push({ ctx, decision: Promise.resolve(null), ...(typeof requestId === 'string' ? { requestId } : {}) });
      return;
    }
    const { request } = parsed.data;
    this.pending.push({ ctx, decision: this.router.decide(request, { effectId: decisionKey(ctx.id, request.requestId), now: ctx.now }) });
  };

  get waiting(): number {
    return this.pending.length;
  }

  /** Wait for every decision asked so far and deliver them in the order they were asked. */
  async settle(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      // no flush here: with a 0 ms window the batcher sends what one event-loop turn collected, i.e. the whole
      // tick, once every request is past its (in-process) cache lookup
      const decisions = await Promise.all(batch.map((p) => p.decision));
      batch.forEach(({ ctx, requestId }, i) => {
        const decision = decisions[i];
        if (decision) ctx.reply({ ...decision });
        else if (requestId) ctx.reply({ type: AI_ERROR, requestId, error: { code: 'invalid_request', message: 'invalid ai.decide effect' } });
      });
    }
  }
}

/** The world's AI, for a simulation: live (optionally recording) or replaying a recording. */
export interface SimAiOptions {
  router?: AiRouter;
  /** keep every decision for {@link saveRecording} */
  record?: boolean;
  /** answer only from this recording (see {@link loadRecording}) */
  replay?: Map<string, AiDecision>;
  worldSeed?: number;
}

export function simAi(options: SimAiOptions = {}): { ai: TickAlignedAi; recorder: MemoryDecisionRecorder | null } {
  if (options.replay) {
    const recorder = new MemoryDecisionRecorder();
    for (const [key, decision] of options.replay) void recorder.record(key, decision);
    return { ai: new TickAlignedAi(new AiRouter({ recorder, mode: 'replay', batchWindowMs: 0, deadlines: false, worldSeed: options.worldSeed })), recorder };
  }
  const recorder = options.record ? new MemoryDecisionRecorder() : null;
  const router = options.router ?? new AiRouter({ batchWindowMs: 0, deadlines: false, worldSeed: options.worldSeed, ...(recorder ? { recorder } : {}) });
  if (recorder && options.router) throw new Error('simAi: pass a router built with its own recorder, or let simAi build it');
  return { ai: new TickAlignedAi(router), recorder };
}

/** A recording file: one JSON line per decision, `[key, decision]`, in the order they were made. */
export async function saveRecording(file: string, recorder: MemoryDecisionRecorder): Promise<number> {
  const entries = recorder.entries();
  await writeFile(file, entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length ? '\n' : ''));
  return entries.length;
}

/** Reads a recording; a malformed line stops with its line number (a partial replay would silently diverge). */
export async function loadRecording(file: string): Promise<Map<string, AiDecision>> {
  const text = await readFile(file, 'utf8');
  const out = new Map<string, AiDecision>();
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let value: any;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${file}:${i + 1}: not JSON`);
    }
    const decision = Array.isArray(value) && typeof value[0] === 'string' ? aiDecisionSchema.safeParse(value[1]) : null;
    if (!decision?.success) throw new Error(`${file}:${i + 1}: expected [key, ai.decision]`);
    out.set(value[0] as string, decision.data);
  });
  return out;
}

/** Thrown from `runUntil`'s per-tick hook to stop after a tick that asked the AI layer something. */
class AnswerFirst extends Error {}

/**
 * Run to `until`, skipping idle stretches as `runUntil` does, but stop after any tick that emitted `ai.decide`
 * and answer before the next tick runs (TickAlignedAi above). `runUntil` has no early exit, so its per-tick hook
 * throws one; the tick itself has completed by then.
 */
export async function runAnswering(runtime: Runtime, ai: TickAlignedAi, until: number): Promise<void> {
  while (runtime.clock().now < until) {
    try {
      await runtime.runUntil(until, () => {
        if (ai.waiting) throw new AnswerFirst();
      });
    } catch (error) {
      if (!(error instanceof AnswerFirst)) throw error;
    }
    await ai.settle();
  }
}
