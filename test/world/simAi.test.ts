import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AiRouter } from '../../ai/AiRouter.ts';
import { MemoryDecisionRecorder } from '../../ai/DecisionRecorder.ts';
import { AnthropicProvider } from '../../ai/providers/AnthropicProvider.ts';
import { startFakeAnthropic } from '../../ai/testing/fakeLlmServers.ts';
import { simulateWith } from '../../world/simulate.ts';
import { loadRecording, saveRecording } from '../../world/simAi.ts';

/**
 * `midgard sim` on the world's own AI path: a live run against a model (the real Anthropic SDK and a fake server
 * on 127.0.0.1) recorded, then replayed from the file, gives the same world; and offline, NPCs do not repeat
 * themselves.
 */
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('midgard sim on the AI layer', () => {
  it('a live run against a provider and its replay from the recording give the same world hash', async () => {
    // the fake model never says the same thing twice: only the recording can make the replay match
    let n = 0;
    const fake = await startFakeAnthropic({
      script: ({ body }) => {
        const prompt = String(body.messages?.at(-1)?.content ?? '');
        const ids = [...prompt.matchAll(/^#(\d+) /gm)].map((m) => Number(m[1]));
        return { text: JSON.stringify(ids.map((i) => ({ i, text: `A line never heard before, number ${n++}.` }))) };
      },
    });
    try {
      const recorder = new MemoryDecisionRecorder();
      const router = new AiRouter({ providers: [new AnthropicProvider({ apiKey: 'test', baseURL: fake.url, timeoutMs: 5_000 })], recorder, batchWindowMs: 0, deadlines: false, chain: { sleep: async () => {} } });
      const live = await simulateWith({ npcs: 120, days: 1, seed: 21, hash: true, ai: { router } });
      expect(fake.calls.length).toBeGreaterThan(0);
      expect(live.summary.router!.llmCalls).toBe(fake.calls.length);
      expect(live.lines.npc.some((l) => l.includes('never heard before'))).toBe(true);

      const dir = await mkdtemp(join(tmpdir(), 'midgard-sim-'));
      dirs.push(dir);
      const file = join(dir, 'run.jsonl');
      expect(await saveRecording(file, recorder)).toBe(recorder.size);
      const calls = fake.calls.length;
      const replay = await simulateWith({ npcs: 120, days: 1, seed: 21, hash: true, ai: { replay: await loadRecording(file) } });
      expect(fake.calls.length).toBe(calls); // the replay asked nobody
      expect(replay.summary.router!.replayed).toBe(recorder.size);
      expect(replay.summary.hash).toBe(live.summary.hash);
      expect(replay.lines).toEqual(live.lines);

      // and the hash does see what was said: one changed word, another world
      const changed = await loadRecording(file);
      const [key, first] = [...changed.entries()].find(([, d]) => d.text)!;
      changed.set(key, { ...first, text: `${first.text} Changed.` });
      const other = await simulateWith({ npcs: 120, days: 1, seed: 21, hash: true, ai: { replay: changed } });
      expect(other.summary.hash).not.toBe(live.summary.hash);
    } finally {
      await fake.close();
    }
  });

  it('offline, NPCs speak in their own voices: at least 80 % distinct lines over 500 lines of a 3-day world', async () => {
    const { summary, lines } = await simulateWith({ npcs: 200, players: 150, days: 3, seed: 5 });
    expect(summary.router!.llmCalls).toBeGreaterThan(0); // the same router as the world, on the offline provider
    expect(lines.npc.length).toBeGreaterThanOrEqual(500);
    const sample = lines.npc.slice(0, 500);
    expect(new Set(sample).size / sample.length).toBeGreaterThanOrEqual(0.8);
    for (const line of sample) expect(line).not.toMatch(/\b(prt|gef|pay|moc)_[a-z]+\d*\b|\{|\bplayer \d+/);
    // story chapters keep their own text
    expect(summary.lines.chaptersDistinct).toBe(summary.lines.chapters);
  });
});
