import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { questMachine, QUEST_TTL, type QuestContext } from './quest.ts';
import { OUTPUT } from './kit/outputs.ts';
import { monsterById, monstersForMap } from '../facts/index.ts';

const digest = { day: 1, hotMaps: [{ map: 'prontera', activity: 50 }, { map: 'pay_fild01', activity: 20 }, { map: 'gef_dun01', activity: 5 }], factionPower: {}, notable: [], today: {}, history: [] };

describe('quest', () => {
  it('creates hunts on the busiest non-town maps with monsters of that map', () => {
    const q = drive(questMachine, 'quest:main');
    expect(q.value()).toBe('idle');
    q.send({ type: 'world.digest', digest }, { now: 1000 });
    expect(q.value()).toBe('posted');
    const quests = q.actions('create_quest');
    expect(quests.map((a) => a.payload.map)).toEqual(['pay_fild01', 'gef_dun01']);
    for (const a of quests) {
      expect(monsterById(a.payload.monster_id)).toBeDefined();
      expect(monstersForMap(a.payload.map).some((m) => m.id === a.payload.monster_id)).toBe(true);
    }
    const timers = q.outputs.filter((o) => o.type === OUTPUT.timer) as any[];
    expect(timers[0].timer).toMatchObject({ id: 'expire:70001', at: 1000 + QUEST_TTL });
  });

  it('rewards a completion once per player and spreads the deed to karma, reputation and memory', () => {
    const q = drive(questMachine, 'quest:main');
    q.send({ type: 'world.digest', digest });
    q.send({ type: 'quest_complete', player_id: 7, payload: { quest_id: 70001 } });
    q.send({ type: 'quest_complete', player_id: 7, payload: { quest_id: 70001 } });
    q.send({ type: 'quest_complete', player_id: 7, payload: { quest_id: 12345 } });
    const rewards = q.actions('give_reward');
    expect(rewards).toHaveLength(1);
    expect(rewards[0]!.payload).toMatchObject({ player_id: 7, source: 'quest', source_event: 'quest:70001' });
    expect(q.messages().map((m) => m.to)).toEqual(['karma:7', 'reputation:7', 'memory:7']);
  });

  it('closes expired quests and stops rewarding them', () => {
    const q = drive(questMachine, 'quest:main');
    q.send({ type: 'world.digest', digest });
    q.send({ type: 'quest.expire', quest_id: 70001 });
    expect(q.actions('create_quest').at(-1)!.payload).toEqual({ quest_id: 70001, state: 'closed' });
    q.send({ type: 'quest_complete', player_id: 7, payload: { quest_id: 70001 } });
    expect(q.actions('give_reward')).toHaveLength(0);
    expect(q.context<QuestContext>()).toMatchObject({ expired: 1, created: 2 });
    expect(q.value()).toBe('posted'); // 70002 is still open
    q.send({ type: 'quest.expire', quest_id: 70002 });
    q.send({ type: 'quest.expire', quest_id: 70002 }); // a replayed timer: nothing
    expect(q.value()).toBe('idle');
    expect(q.context<QuestContext>()).toMatchObject({ expired: 2, open: [] });
  });
});
