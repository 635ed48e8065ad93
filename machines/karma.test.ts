import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { karmaMachine, type KarmaContext } from './karma.ts';

describe('karma', () => {
  it('makes a hero at +50 (blessed once) and reports every shift to the world', () => {
    const k = drive(karmaMachine, 'karma:150001');
    for (let i = 0; i < 12; i++) k.send({ type: 'karma.deed', delta: 5 });
    expect(k.context<KarmaContext>()).toMatchObject({ karma: 60, blessed: true });
    expect(k.value()).toBe('hero');
    expect(k.actions('give_reward')).toHaveLength(1);
    expect(k.actions('give_reward')[0]!.payload).toMatchObject({ player_id: 150001, source: 'karma' });
    expect(k.messages('world:main').reduce((s, m) => s + Number((m.event as any).delta), 0)).toBe(60);
  });

  it('turns player kills into an outlaw with a public bounty, clamped at -100', () => {
    const k = drive(karmaMachine, 'karma:7');
    for (let i = 0; i < 10; i++) k.send({ type: 'custom', player_id: 7, payload: { kind: 'player_kill' } });
    expect(k.context<KarmaContext>()).toMatchObject({ karma: -100 });
    expect(k.value()).toBe('outlaw');
    expect(k.actions('broadcast_message').filter((a) => a.payload.message.includes('bounty'))).toHaveLength(1);
    k.send({ type: 'custom', player_id: 7, payload: { kind: 'dance' } });
    k.send({ type: 'karma.deed', delta: 'lots' });
    k.send({ type: 'karma.deed', delta: 0 });
    expect(k.context<KarmaContext>().deeds).toBe(10);
  });

  it('falls from hero back to neutral, and is hailed again on return but blessed only once', () => {
    const k = drive(karmaMachine, 'karma:3');
    k.send({ type: 'karma.deed', delta: 60 });
    expect(k.value()).toBe('hero');
    k.send({ type: 'karma.deed', delta: -30 });
    expect(k.value()).toBe('neutral');
    k.send({ type: 'mvp_kill', player_id: 3 });
    k.send({ type: 'custom', player_id: 3, payload: { kind: 'help' } });
    k.send({ type: 'karma.deed', delta: 20 });
    expect(k.context<KarmaContext>().karma).toBe(55);
    expect(k.value()).toBe('hero');
    expect(k.actions('broadcast_message').filter((a) => a.payload.message.includes('hero'))).toHaveLength(2);
    expect(k.actions('give_reward')).toHaveLength(1);
    k.send({ type: 'karma.deed', delta: -200 });
    expect(k.value()).toBe('outlaw');
    const copy = drive(karmaMachine, 'karma:3', {}, { snapshot: JSON.parse(JSON.stringify(k.actor.getPersistedSnapshot())) });
    expect(copy.value()).toBe('outlaw');
    expect(copy.outputs).toEqual([]); // restoring re-runs no entry: no second bounty
  });
});
