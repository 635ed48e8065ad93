import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { CHAINS, chainMachine, type ChainContext } from './chain.ts';
import { HOUR } from './kit/time.ts';

describe('chain', () => {
  it('walks every step of the boss chain on kills and rewards the top three at the end', () => {
    const c = drive(chainMachine, 'chain:main');
    c.send({ type: 'chain.trigger', cause: 'boss_slain', map: 'gef_dun01' }, { tick: 4 });
    expect(c.value()).toBe('active');
    for (const step of CHAINS.boss_slain!) {
      for (let i = 0; i < step.needKills; i++) c.send({ type: 'monster_kill', player_id: 1 + (i % 5), map: 'gef_dun01' });
    }
    expect(c.value()).toBe('idle');
    expect(c.actions('spawn_monster')).toHaveLength(CHAINS.boss_slain!.length);
    expect(c.actions('give_reward')).toHaveLength(3);
    expect(c.context<ChainContext>().completed).toBe(1);
  });

  it('fails a step at its deadline into a blood moon, and ignores bad or overlapping triggers', () => {
    const c = drive(chainMachine, 'chain:main');
    c.send({ type: 'chain.trigger', cause: 'unknown', map: 'gef_dun01' });
    c.send({ type: 'chain.trigger', cause: 'boss_slain', map: 'atlantis' });
    expect(c.value()).toBe('idle');
    c.send({ type: 'chain.trigger', cause: 'problem_failed', map: 'prt_fild08' }, { tick: 2 });
    c.send({ type: 'chain.trigger', cause: 'boss_slain', map: 'gef_dun01' });
    const id = c.context<ChainContext>().chain!.id;
    c.send({ type: 'chain.deadline', id, step: 0 }, { now: 24 * HOUR });
    expect(c.value()).toBe('idle');
    expect(c.messages('worldevent:main')[0]!.event).toEqual({ type: 'worldevent.trigger', event: 'blood_moon' });
    expect(c.context<ChainContext>()).toMatchObject({ failed: 1, ignored: 1 });
  });
});
