import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { problemMachine, type ProblemContext } from './problem.ts';
import { DAY, HOUR } from './kit/time.ts';
import { isInsideMap, mapByName, monsterById } from '../facts/index.ts';

function started(seed: number) {
  const p = drive(problemMachine, 'problem:main', {}, { seed });
  p.send({ type: 'world.digest', digest: { hotMaps: [{ map: 'prt_fild08', activity: 1000 }] } });
  p.send({ type: 'pipeline.run', slot: 'problem', day: 1 }, { now: DAY });
  return p;
}

describe('problem', () => {
  it('opens one problem a day on a real field, announced to all, favouring busy maps', () => {
    const maps = new Map<string, number>();
    for (let seed = 0; seed < 20; seed++) {
      const p = started(seed);
      expect(p.value()).toBe('open');
      const open = p.context<ProblemContext>().open!;
      expect(mapByName(open.map)?.kind).toBe('field');
      maps.set(open.map, (maps.get(open.map) ?? 0) + 1);
      expect(p.actions('broadcast_message')[0]!.payload.message).toContain(open.map);
      for (const s of p.actions('spawn_monster')) {
        expect(isInsideMap(s.payload.map, s.payload.x, s.payload.y)).toBe(true);
        expect(monsterById(s.payload.monster_id)).toBeDefined();
      }
    }
    expect(maps.get('prt_fild08')).toBeGreaterThan(10);
  });

  it('is solved by enough kills on its map and rewards the top three once', () => {
    const p = started(1);
    const open = p.context<ProblemContext>().open!;
    p.send({ type: 'monster_kill', player_id: 99, map: 'elsewhere' });
    for (let i = 0; i < open.threshold; i++) p.send({ type: 'monster_kill', player_id: 1 + (i % 4), map: open.map });
    expect(p.context<ProblemContext>()).toMatchObject({ open: null, solved: 1 });
    expect(p.value()).toBe('quiet');
    p.send({ type: 'monster_kill', player_id: 1, map: open.map }); // solved: later kills count for nothing
    const rewards = p.actions('give_reward');
    expect(rewards.map((r) => r.payload.player_id).sort()).toHaveLength(3);
    expect(new Set(rewards.map((r) => r.payload.source_event)).size).toBe(1);
    expect(p.messages('npc:0')[0]!.event).toMatchObject({ type: 'rumour.seed' });
  });

  it('fails at the deadline, clears its flag, and starts an event chain', () => {
    const p = started(2);
    const open = p.context<ProblemContext>().open!;
    p.send({ type: 'problem.deadline', id: open.id }, { now: DAY + 23.5 * HOUR });
    expect(p.context<ProblemContext>()).toMatchObject({ open: null, failed: 1 });
    expect(p.value()).toBe('quiet');
    expect(p.messages('chain:main')[0]!.event).toMatchObject({ type: 'chain.trigger', cause: 'problem_failed', map: open.map });
    p.send({ type: 'problem.deadline', id: open.id }, { now: DAY + 23.5 * HOUR }); // a replayed timer: nothing
    expect(p.context<ProblemContext>().failed).toBe(1);
    if (open.kind === 'plague') expect(p.actions('set_map_flag').at(-1)!.payload).toMatchObject({ flag: 'nomobloot', value: false });
  });

  it("fails a problem still open when the next day's arrives, and opens the new one", () => {
    const p = started(3);
    const first = p.context<ProblemContext>().open!;
    p.send({ type: 'monster_kill', player_id: 1, map: first.map });
    p.send({ type: 'pipeline.run', slot: 'problem', day: 2 }, { now: 2 * DAY });
    expect(p.value()).toBe('open');
    expect(p.context<ProblemContext>()).toMatchObject({ failed: 1, open: { id: expect.stringMatching(/^2-/), kills: 0 } });
    expect(p.messages('chain:main')[0]!.event).toMatchObject({ cause: 'problem_failed', map: first.map });
  });
});
