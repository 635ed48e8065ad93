import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { socialMachine, type SocialContext } from './social.ts';
import { DAY, HOUR } from './kit/time.ts';

describe('social', () => {
  it('posts 2–4 guild tasks and a community event; attendance in the window decides the three rewards', () => {
    const s = drive(socialMachine, 'social:main');
    expect(s.value()).toBe('quiet');
    s.send({ type: 'pipeline.run', day: 1 }, { now: DAY + 7 * HOUR });
    expect(s.value()).toBe('eventAhead');
    const tasks = s.actions('create_quest');
    expect(tasks.length).toBeGreaterThanOrEqual(2);
    expect(tasks.length).toBeLessThanOrEqual(4);
    expect(tasks.every((t) => t.payload.state === 'open' && t.payload.title.startsWith('Guild task:') && t.payload.count >= 1 && t.payload.count <= 500)).toBe(true);
    const event = s.context<SocialContext>().event!;
    s.send({ type: 'npc_interaction', player_id: 9, map: event.map }, { now: DAY + 10 * HOUR }); // too early
    for (const [p, n] of [[1, 3], [2, 1], [3, 2], [4, 5]] as const) for (let i = 0; i < n; i++) s.send({ type: 'npc_interaction', player_id: p, map: event.map }, { now: DAY + 19 * HOUR });
    s.send({ type: 'player_login', player_id: 8, map: 'not-the-town' }, { now: DAY + 19 * HOUR });
    s.send({ type: 'map_change', player_id: 5, map: 'not-the-town', payload: { to_map: event.map } }, { now: DAY + 19 * HOUR });
    s.send({ type: 'social.close', id: 'another-day' }, { now: event.closesAt });
    expect(s.value()).toBe('eventAhead');
    s.send({ type: 'social.close', id: event.id }, { now: event.closesAt });
    expect(s.value()).toBe('quiet');
    expect(s.actions('broadcast_message').at(-1)!.payload.message).toContain('5 took part');
    expect(s.actions('give_reward').map((r) => r.payload.player_id)).toEqual([4, 1, 3]);
    // next day closes yesterday's tasks
    s.send({ type: 'pipeline.run', day: 2 }, { now: 2 * DAY + 7 * HOUR });
    const closed = s.actions('create_quest').filter((q) => q.payload.state === 'closed').map((q) => q.payload.quest_id);
    expect(closed).toEqual(tasks.map((t) => t.payload.quest_id));
  });
});
