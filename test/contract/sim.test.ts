import { describe, expect, it } from 'vitest';
import { simulate } from '../../world/simulate.ts';
import { DEFAULT_CAPABILITIES, checkAction } from '../../contract/capabilities.ts';

/**
 * The "done when": a 7-day `midgard sim` emits only actions the contract and a stock server's default
 * capabilities accept, failing on the first that is not and naming it. 10k NPCs take minutes on a 2-core box, so
 * the suite runs 500; `CONTRACT_SIM_NPCS=10000 npx vitest run test/contract/sim.test.ts` runs the full one.
 */
const NPCS = Number(process.env.CONTRACT_SIM_NPCS ?? 500);

describe('every action of a 7-day sim is runnable by a stock rAthena server', () => {
  it(`${NPCS} NPCs, 7 days`, async () => {
    let first: string | null = null;
    const byType: Record<string, number> = {};
    const summary = await simulate({
      npcs: NPCS, days: 7, seed: 42,
      onAction(action, refused) {
        byType[action.action_type] = (byType[action.action_type] ?? 0) + 1;
        const verdict = checkAction(action, DEFAULT_CAPABILITIES);
        if (!verdict.ok && first === null) first = `${verdict.rule}: ${verdict.reason} — ${JSON.stringify(action)}`;
        // the anti-cheat's game rules (a second reward for one chest) may refuse; the game's capabilities must not
        if (refused && refused.rule !== 'duplicate_reward' && first === null) first = `refused (${refused.rule}: ${refused.reason}) — ${JSON.stringify(action)}`;
      },
    });
    expect(first, 'the first action the game could not run').toBeNull();
    expect(Object.values(byType).reduce((s, n) => s + n, 0)).toBe(summary.actions.total + summary.actions.rejected);
    expect(Object.keys(byType).sort()).toEqual(expect.arrayContaining(['broadcast_message', 'create_quest', 'give_reward', 'set_map_flag', 'spawn_monster', 'spawn_npc', 'update_economy']));
  }, 600_000);
});
