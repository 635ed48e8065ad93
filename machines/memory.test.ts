import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { playerMemoryStore, recall, remember, MEMORY_CAP } from './memory.ts';
import { DAY } from './kit/time.ts';

describe('memory', () => {
  it('recalls by tags first, then importance and recency', () => {
    let list = remember([], { text: 'old but vital', importance: 0.9, tags: [] }, 0);
    list = remember(list, { text: 'fresh trivia', importance: 0.1, tags: [] }, 10 * DAY);
    list = remember(list, { text: 'fought orcs', importance: 0.3, tags: ['orc'] }, 0);
    expect(recall(list, 10 * DAY, ['orc'], 1)[0]!.text).toBe('fought orcs');
    expect(recall(list, 10 * DAY, [], 3).map((m) => m.text)).toEqual(['old but vital', 'fresh trivia', 'fought orcs']);
  });

  it('forgets the least valuable memory past the cap', () => {
    let list = remember([], { text: 'keep', importance: 1, tags: [] }, 0);
    for (let i = 0; i < MEMORY_CAP; i++) list = remember(list, { text: `noise ${i}`, importance: 0.05, tags: [] }, i);
    expect(list).toHaveLength(MEMORY_CAP);
    expect(list.some((m) => m.text === 'keep')).toBe(true);
    expect(list.some((m) => m.text === 'noise 0')).toBe(false);
  });

  it('as a player actor (a store) remembers and answers recall requests by message', () => {
    const m = drive(playerMemoryStore, 'memory:150001');
    m.send({ type: 'memory.remember', text: 'completed quest 70001', importance: 0.6, tags: ['quest'] }, { now: 5 });
    const out = m.send({ type: 'memory.recall', tags: ['quest'], k: 2, replyTo: 'npc:4', requestId: 'r1' }, { now: 6 });
    expect(out).toEqual([{ type: 'midgard.send', to: 'npc:4', event: { type: 'memory.recalled', requestId: 'r1', memories: [{ text: 'completed quest 70001', importance: 0.6, tags: ['quest'], at: 5 }] } }]);
  });
});

describe('the player profile in memory', () => {
  it('keeps job and level from the login and level-ups, and hands them to the NPC that recalls', () => {
    const memory = drive(playerMemoryStore, 'memory:5');
    memory.send({ type: 'player_login', player_id: 5, payload: { action: 'login', base_level: 12, job: 'Acolyte' } });
    memory.send({ type: 'custom', player_id: 5, payload: { kind: 'base_level_up', base_level: 13 } });
    memory.send({ type: 'custom', player_id: 5, payload: { kind: 'pvp_kill', victim_account_id: 9 } });
    memory.send({ type: 'memory.recall', tags: [], k: 3, replyTo: 'npc:1', requestId: 'r', profile: { name: 'Alice' } });
    const recalled = memory.messages('npc:1')[0]!.event as any;
    expect(recalled.profile).toEqual({ job: 'Acolyte', level: 13, name: 'Alice' });
  });
});
