import { describe, expect, it } from 'vitest';
import { KINDS } from '../../actors/kinds.ts';
import { simulate, type SimSummary } from '../../world/simulate.ts';

const withoutWall = ({ wall: _wall, workers: _workers, ...rest }: SimSummary) => rest;

describe('midgard sim (real runtime, whole catalogue)', () => {
  it('runs two sim-days: every pipeline slot daily, expiries removed, every contract action valid', async () => {
    const s = await simulate({ npcs: 300, days: 2, seed: 7, workers: 0 });
    // every kind that declares a summary is reported, each faction by name
    expect(Object.keys(s.agents).sort()).toEqual(KINDS.filter((k) => k.summary).map((k) => k.name).sort());
    expect(Object.keys(s.agents.faction as object)).toEqual(['prontera_guard', 'geffen_magi', 'payon_archers', 'morocc_thieves']);
    expect(s.agents.pipeline).toEqual({ problem: 2, dungeon: 2, hazard: 2, treasure: 2, archaeology: 2, visitor: 2, social: 2 });
    // visitors leave at 23:00 on the day they came: everything spawned was removed
    const dyn = s.agents.visitor as { spawned: number; removed: number };
    expect(dyn.spawned).toBeGreaterThanOrEqual(50);
    expect(dyn.removed).toBe(dyn.spawned);
    const hazard = s.agents.hazard as { started: number; ended: number };
    expect(hazard.started).toBeGreaterThanOrEqual(6);
    expect(hazard.ended).toBeGreaterThanOrEqual(3);
    expect(Object.keys(s.actions.byType).sort()).toEqual(['broadcast_message', 'create_quest', 'give_reward', 'move_npc', 'remove_npc', 'set_map_flag', 'spawn_monster', 'spawn_npc', 'update_economy']);
    expect(s.actions.rejected).toBe(0);
    expect(s.health).toEqual({ failures: 0, deadLetters: 0 });
    expect(s.arcs.chaptersBroadcast).toBeGreaterThanOrEqual(1);
    expect(s.ai.dialogue).toBeGreaterThan(0);
    // the rumour seeded at the last NPC travelled beyond its village
    expect(s.rumour.reached).toBeGreaterThan(10);
    expect(s.events.game).toBeGreaterThan(500);
  });

  it('same seed ⇒ same summary and world, whatever the worker count; another seed ⇒ another world', async () => {
    const a = await simulate({ npcs: 200, days: 1, seed: 11, workers: 0, hash: true });
    const b = await simulate({ npcs: 200, days: 1, seed: 11, workers: 2, hash: true });
    const c = await simulate({ npcs: 200, days: 1, seed: 12, workers: 0, hash: true });
    expect(withoutWall(b)).toEqual(withoutWall(a));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(c.hash).not.toBe(a.hash);
  });

  it('rejects nonsense options before starting anything', async () => {
    await expect(simulate({ npcs: -1, days: 1, seed: 1 })).rejects.toThrow(/npcs/);
    await expect(simulate({ npcs: 10, days: 0, seed: 1 })).rejects.toThrow(/days/);
  });
});

describe('midgard sim on a given AI handler', () => {
  it('hands every ai.decide to the handler it is given, and the world hears its replies', async () => {
    const asked: string[] = [];
    const s = await simulate({
      npcs: 100,
      days: 1,
      seed: 3,
      workers: 0,
      aiHandler: (effect, ctx) => {
        const request = effect.request as { requestId: string; purpose: string };
        asked.push(request.purpose);
        ctx.reply({ type: 'ai.decision', requestId: request.requestId, tier: 'full', provider: 'test', text: 'Hail!', fallback: false });
      },
    });
    expect(asked.length).toBeGreaterThan(0);
    expect(Object.values(s.ai).reduce((sum, n) => sum + n, 0)).toBe(asked.length);
    expect(s.health).toEqual({ failures: 0, deadLetters: 0 });
  });
});
