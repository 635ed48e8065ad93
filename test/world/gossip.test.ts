import { describe, expect, it } from 'vitest';
import { Runtime } from '../../runtime/Runtime.ts';
import { DAY, MINUTE } from '../../machines/kit/time.ts';
import { VILLAGE_SIZE, npcId, villageOf } from '../../machines/kit/ids.ts';

const NPCS = 4 * VILLAGE_SIZE;

async function knowers(runtime: Runtime, id: string): Promise<number[]> {
  const out: number[] = [];
  for (let n = 0; n < NPCS; n++) {
    const detail = await runtime.getActor(npcId(n));
    const rumours = (detail?.snapshot as { context?: { rumours?: { id: string }[] } } | null)?.context?.rumours ?? [];
    if (rumours.some((r) => r.id === id)) out.push(n);
  }
  return out;
}

describe('NPC-to-NPC gossip on the runtime (no players at all)', () => {
  it('a rumour seeded at one NPC spreads through its village and, via the elders, to other villages over days', async () => {
    const runtime = await Runtime.create({ catalogue: new URL('../../actors/catalogue.ts', import.meta.url), workers: 0, seed: 9, tickMs: MINUTE, speed: 'max', passivateAfterMs: 0 });
    try {
      const start = runtime.clock().now;
      for (let n = 0; n < NPCS; n++) runtime.send(npcId(n), { type: 'npc.spawn', population: NPCS });
      const origin = NPCS - 1; // the last member of the last village: it can only travel down through elders
      runtime.send(npcId(origin), { type: 'rumour.seed', id: 'orc-lord', text: 'the Orc Lord walks again' });
      await runtime.runUntil(start + DAY);
      const day1 = await knowers(runtime, 'orc-lord');
      await runtime.runUntil(start + 6 * DAY);
      const day6 = await knowers(runtime, 'orc-lord');
      expect(day1).toContain(origin);
      expect(day6.length).toBeGreaterThan(day1.length);
      expect(day6.length).toBeGreaterThan(VILLAGE_SIZE / 2);
      expect(new Set(day6.map(villageOf)).size).toBeGreaterThan(1);
      // and nobody was created beyond the population by gossip
      expect(runtime.listActors({ kind: 'npc', limit: 1 }).total).toBe(NPCS);
    } finally {
      await runtime.stop();
    }
  });
});
