import { afterEach, describe, expect, it } from 'vitest';
import { AiRouter } from '../../ai/AiRouter.ts';
import { MemoryDecisionRecorder } from '../../ai/DecisionRecorder.ts';
import { aiEffectHandler } from '../../ai/effectHandler.ts';
import { formatAnswers } from '../../ai/prompts.ts';
import type { LlmCall, LlmResult, Provider } from '../../ai/providers/Provider.ts';
import { AI_DECIDE } from '../../ai/types.ts';
import { Runtime } from '../../runtime/Runtime.ts';

/**
 * The AI layer plugged into the real runtime with the world's own catalogue: a player talks to an NPC, the
 * NPC machine emits `ai.decide`, the handler answers, and the NPC says the answer in game. Then the same run
 * replayed from the recorder gives the same words even though the "model" would now say something else.
 */

/** A model that never says the same thing twice: only a recording can make a replay match. */
class MoodyProvider implements Provider {
  readonly name = 'moody';
  readonly billable = true;
  calls = 0;
  modelFor() {
    return 'llama-3.1-8b-instant';
  }
  async complete(call: LlmCall): Promise<LlmResult> {
    this.calls++;
    const text = formatAnswers(call.requests.map(() => ({ text: `Greetings, wanderer number ${Math.random().toString(36).slice(2, 8)}.` })));
    return { text, model: 'llama-3.1-8b-instant', inputTokens: 50, outputTokens: 20 };
  }
}

const runtimes: Runtime[] = [];
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((r) => r.stop()));
});

async function talkToNpc(router: AiRouter): Promise<{ said: string[]; decisions: unknown[] }> {
  const runtime = await Runtime.create({ catalogue: new URL('../../actors/catalogue.ts', import.meta.url), workers: 0, seed: 42, passivateAfterMs: 0 });
  runtimes.push(runtime);
  const said: string[] = [];
  const decisions: unknown[] = [];
  runtime.onEffect(AI_DECIDE, aiEffectHandler(router));
  runtime.onEffect('bridge.action', (effect) => {
    const action = effect.action as { action_type: string; payload: { message?: string } };
    if (action.action_type === 'broadcast_message' && action.payload.message) said.push(action.payload.message);
  });
  runtime.watch('npc:5', (t) => {
    if (t.event.type === 'ai.decision') decisions.push(t.event);
  });
  // Traced as the app traces them (bootstrap id, journal key), so a replay re-creates the same effect ids.
  runtime.send('npc:5', { type: 'npc.spawn' }, 'sim', 'bootstrap:npc:5');
  await runtime.tick();
  runtime.send('npc:5', { type: 'npc_interaction', player_id: 150001, map: 'prontera', payload: {} }, 'game', 'journal-key-1:npc:5');
  for (let i = 0; i < 6; i++) {
    await runtime.tick();
    await runtime.effects.settle();
  }
  return { said, decisions };
}

describe('AI layer in the running world', () => {
  it("answers an NPC's dialogue request and the NPC speaks the generated line; a replay says the same", async () => {
    const recorder = new MemoryDecisionRecorder();
    const live = new MoodyProvider();
    const first = await talkToNpc(new AiRouter({ providers: [live], recorder, batchWindowMs: 0 }));
    expect(live.calls).toBe(1);
    expect(first.decisions).toHaveLength(1);
    expect(first.decisions[0]).toMatchObject({ type: 'ai.decision', tier: 'batched', provider: 'moody', fallback: false });
    // the generated line, after the NPC's greeting for the hour (the model wrote the NPC's pack of the day)
    const line = first.said.find((s) => /^\w+: .*Greetings, wanderer number/.test(s));
    expect(line, JSON.stringify(first.said)).toBeDefined();
    expect(recorder.size).toBe(1);
    const [effectId] = recorder.entries()[0]!;
    expect(effectId.startsWith('npc:5')).toBe(true); // the runtime's deterministic effect id

    const replayProvider = new MoodyProvider();
    const replay = await talkToNpc(new AiRouter({ providers: [replayProvider], recorder, mode: 'replay', batchWindowMs: 0 }));
    expect(replayProvider.calls).toBe(0);
    expect(replay.said).toEqual(first.said);
  });

  it('runs offline by default: the NPC speaks a filled-in template line', async () => {
    const { said, decisions } = await talkToNpc(new AiRouter({ batchWindowMs: 0 }));
    expect(decisions[0]).toMatchObject({ provider: 'offline', fallback: false });
    expect(said.length).toBeGreaterThan(0);
    expect(said.join(' ')).not.toMatch(/[{}]/);
  });
});
