import { describe, expect, it } from 'vitest';
import { PlayerPopulation, onlineShare } from './players.ts';
import { HOUR, MINUTE } from '../machines/kit/time.ts';
import { mapByName, monsterById } from '../facts/index.ts';

const T0 = Date.UTC(2026, 0, 1);

describe('PlayerPopulation', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const run = (seed: number) => {
      const p = new PlayerPopulation({ players: 50, npcs: 100, seed });
      return [0, 1, 2, 3].flatMap((i) => p.eventsFor(T0 + i * 15 * MINUTE, T0 + (i + 1) * 15 * MINUTE));
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it('plays more in the evening than at dawn, with contract-shaped events on real maps and monsters', () => {
    const p = new PlayerPopulation({ players: 200, npcs: 100, seed: 1 });
    const dawn = p.eventsFor(T0 + 5 * HOUR, T0 + 5 * HOUR + 15 * MINUTE);
    const evening = p.eventsFor(T0 + 20 * HOUR, T0 + 20 * HOUR + 15 * MINUTE);
    expect(evening.length).toBeGreaterThan(dawn.length * 2);
    expect(onlineShare(20)).toBeGreaterThan(onlineShare(8));
    for (const e of evening) {
      expect(e.priority).toBe('normal');
      if (e.map) expect(mapByName(e.map), e.map).toBeDefined();
      if (e.event_type === 'monster_kill') expect(monsterById(e.payload.monster_id as number)).toBeDefined();
    }
  });

  it('reacts to Midgard: chests get opened, MVPs hunted, quests finished — later, in its own time', () => {
    const p = new PlayerPopulation({ players: 10, npcs: 10, seed: 2 });
    for (let i = 0; i < 20; i++) p.observe({ action_type: 'spawn_npc', payload: { map: 'prt_fild08', npc_name: `Treasure Chest#t0_${i}` } }, T0);
    p.observe({ action_type: 'spawn_monster', payload: { map: 'gef_dun01', monster_id: 1039, amount: 1 } }, T0);
    for (let i = 0; i < 5; i++) p.observe({ action_type: 'create_quest', payload: { quest_id: 70001 + i, state: 'open', map: 'pay_fild01' } }, T0);
    const events = p.eventsFor(T0, T0 + 72 * HOUR);
    expect(events.filter((e) => e.payload.npc_name?.toString().startsWith('Treasure Chest#')).length).toBeGreaterThan(5);
    expect(events.filter((e) => e.event_type === 'quest_complete').length).toBeGreaterThan(0);
    expect(events.every((e) => e.timestamp >= T0)).toBe(true);
  });
});
