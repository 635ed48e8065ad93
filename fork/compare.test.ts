import { describe, expect, it } from 'vitest';
import { compareReports } from './compare.ts';
import { reportHtml } from './reportHtml.ts';
import type { ForkRunReport } from './fastForward.ts';
import { NO_OVERRIDES } from './overrides.ts';

function report(over: Partial<ForkRunReport> = {}): ForkRunReport {
  return {
    fork: { id: 'abc', from: 'latest', checkpoint: { tick: 10, now: 0, journalSeq: 3, archived: false } },
    overrides: NO_OVERRIDES, changes: [], start: 0, end: 86_400_000, days: 1, npcs: 10, players: 20,
    events: { game: 100, injected: 0, delivered: 500, messages: 300, effects: 40 },
    actions: { total: 10, byType: { broadcast_message: 6, spawn_monster: 4 }, byAgent: { npc: 10 }, byMap: { prontera: 10 }, refused: 0, refusedByRule: {} },
    series: [{ day: 1, at: 86_400_000, priceIndex: 1, prices: { 909: 10 }, factions: { geffen_magi: 100 } }],
    economy: { rebalances: 4, trades: 2, priceIndex: 1, items: {} },
    factions: { geffen_magi: 100 }, karma: { players: 3, mean: 1, heroes: 0, outlaws: 0 }, problems: { solved: 1, failed: 0 },
    quests: { created: 1, completed: 0, expired: 0 }, arcs: { completed: 0, chaptersBroadcast: 1, history: [], current: null },
    ai: { decisions: 5, llmCalls: 0, replayed: 0, fallbacks: 0, costUsd: 0, byPurpose: {} }, health: { failures: 0, deadLetters: 0 },
    hash: 'h', wall: { seconds: 1, simDaysPerSecond: 1 },
    ...over,
  };
}

describe('compareReports', () => {
  it('lists the differences, biggest relative change first, and nothing for equal worlds', () => {
    const base = report();
    expect(compareReports(base, report({ wall: { seconds: 9, simDaysPerSecond: 0.1 } }))).toMatchObject({ differences: [], sameWorld: true });
    const fork = report({
      hash: 'other', changes: ['spawnRate=2'],
      economy: { rebalances: 4, trades: 2, priceIndex: 0.5, items: {} },
      actions: { total: 11, byType: { broadcast_message: 6, spawn_monster: 5 }, byAgent: { npc: 11 }, byMap: { prontera: 11 }, refused: 0, refusedByRule: {} },
    });
    const cmp = compareReports(base, fork);
    expect(cmp.sameWorld).toBe(false);
    expect(cmp.differences[0]).toEqual({ path: 'economy.priceIndex', baseline: 1, fork: 0.5, delta: -0.5, change: -0.5 });
    expect(cmp.differences.map((d) => d.path)).toContain('actions.byType.spawn_monster');
    expect(cmp.differences.findIndex((d) => d.path === 'actions.total')).toBeLessThan(cmp.differences.findIndex((d) => d.path === 'actions.byMap.prontera'));
    expect(cmp.actionsByType.spawn_monster).toEqual({ baseline: 4, fork: 5 });
    expect(() => compareReports(base, report({ days: 2 }))).toThrow(/baseline must start where the fork starts/);
    const html = reportHtml(cmp);
    expect(html).toContain('<svg');
    expect(html).toContain('economy.priceIndex');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });
});
