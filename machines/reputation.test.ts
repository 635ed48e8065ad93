import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { reputationMachine, tierOf } from './reputation.ts';

describe('reputation', () => {
  it('raises standing, costs half with the rival, and tells the player on tier changes', () => {
    const r = drive(reputationMachine, 'reputation:150001');
    for (let i = 0; i < 5; i++) r.send({ type: 'reputation.change', faction: 'geffen_magi', delta: 25 });
    const ctx = r.context();
    expect(ctx.standing).toMatchObject({ geffen_magi: 125, payon_archers: -60, prontera_guard: 0 });
    const msgs = r.actions('broadcast_message');
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({ target_player_id: 150001, payload: { message: expect.stringContaining('friendly') } });
    expect(r.value()).toEqual({ prontera_guard: 'neutral', geffen_magi: 'friendly', payon_archers: 'neutral', morocc_thieves: 'neutral' });
  });

  it('ignores unknown factions and bad deltas, and survives a snapshot round trip', () => {
    const r = drive(reputationMachine, 'reputation:5');
    r.send({ type: 'reputation.change', faction: 'nobody', delta: 100 });
    r.send({ type: 'reputation.change', faction: 'geffen_magi', delta: 'x' });
    expect(r.context().changes).toBe(0);
    r.send({ type: 'reputation.change', faction: 'morocc_thieves', delta: 2000 });
    const copy = drive(reputationMachine, 'reputation:5', {}, { snapshot: r.actor.getPersistedSnapshot() });
    expect(copy.context().standing.morocc_thieves).toBe(1000);
    expect(copy.value()).toMatchObject({ morocc_thieves: 'exalted', prontera_guard: 'hated' });
    // a jump across several tiers is told once, with the tier reached
    expect(r.actions('broadcast_message').map((a) => a.payload.message)).toEqual([
      'Your standing with the prontera guard is now hated.',
      'Your standing with the morocc thieves is now exalted.',
    ]);
    expect(tierOf(1000)).toBe('exalted');
  });
});
