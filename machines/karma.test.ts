import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { karmaMachine, type KarmaContext } from './karma.ts';

describe('karma', () => {
  it('makes a hero at +50 (blessed once) and reports every shift to the world', () => {
    const k = drive(karmaMachine, 'karma:150001');
    for (let i = 0; i < 12; i++) k.send({ type: 'karma.deed', delta: 5 });
    expect(k.context<KarmaContext>()).toMatchObject({ karma: 60, standing: 'hero', blessed: true });
    expect(k.actions('give_reward')).toHaveLength(1);
    expect(k.actions('give_reward')[0]!.payload).toMatchObject({ player_id: 150001, source: 'karma' });
    expect(k.messages('world:main').reduce((s, m) => s + Number((m.event as any).delta), 0)).toBe(60);
  });

  it('turns player kills into an outlaw with a public bounty, clamped at -100', () => {
    const k = drive(karmaMachine, 'karma:7');
    for (let i = 0; i < 10; i++) k.send({ type: 'custom', player_id: 7, payload: { kind: 'player_kill' } });
    expect(k.context<KarmaContext>()).toMatchObject({ karma: -100, standing: 'outlaw' });
    expect(k.actions('broadcast_message').filter((a) => a.payload.message.includes('bounty'))).toHaveLength(1);
    k.send({ type: 'custom', player_id: 7, payload: { kind: 'dance' } });
    k.send({ type: 'karma.deed', delta: 'lots' });
    expect(k.context<KarmaContext>().deeds).toBe(10);
  });
});
