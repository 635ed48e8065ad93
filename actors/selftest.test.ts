import { describe, expect, it } from 'vitest';
import { actionTypes, bridgeActionSchema, npcTemplates } from '../contract/index.ts';
import { answerSelftest, isSelftestEvent, selftestActions, selftestResult } from './selftest.ts';

const request = {
  event_type: 'custom',
  player_id: 150001,
  map: 'prontera',
  timestamp: 1,
  priority: 'urgent' as const,
  payload: { kind: 'selftest', run_id: '0a1b2c3d', x: 150, y: 180, monster_id: 1002, item_id: 501, flag: 'clouds', quest_id: 2147000123, selftest: '0a1b2c3d' },
};

describe('selftest: Midgard answers @aiworld selftest', () => {
  it('answers a request with one contract-valid action of every type, ids the bridge recognises', () => {
    const actions = selftestActions(request)!;
    expect(actions.map((a) => a.action_type).sort()).toEqual([...actionTypes].sort());
    for (const a of actions) {
      expect(() => bridgeActionSchema.parse(a)).not.toThrow();
      expect(a.action_id).toBe(`selftest:0a1b2c3d:${a.action_type}`);
    }
  });

  it('spawns, moves and removes one NPC of a shipped template, in that order, on the GM map', () => {
    const actions = selftestActions(request)!;
    const index = (t: string) => actions.findIndex((a) => a.action_type === t);
    expect(index('spawn_npc')).toBeLessThan(index('move_npc'));
    expect(index('move_npc')).toBeLessThan(index('remove_npc'));
    const spawn = actions[index('spawn_npc')]!.payload as { npc_name: string; script: string; map: string };
    expect(npcTemplates).toContain(spawn.script);
    expect(spawn.map).toBe('prontera');
    expect((actions[index('remove_npc')]!.payload as { npc_name: string }).npc_name).toBe(spawn.npc_name);
    // priorities fall in run order, so an outbox that sorts by priority keeps it
    const priorities = actions.map((a) => a.priority!);
    expect([...priorities].sort((a, b) => b - a)).toEqual(priorities);
  });

  it('the reward and the message go to the GM alone', () => {
    const actions = selftestActions(request)!;
    const reward = actions.find((a) => a.action_type === 'give_reward')!;
    expect(reward.payload).toMatchObject({ player_id: 150001, item_id: 501, quantity: 1 });
    expect(actions.find((a) => a.action_type === 'broadcast_message')!.target_player_id).toBe(150001);
  });

  it('ignores other events and malformed requests', () => {
    expect(selftestActions({ ...request, payload: { kind: 'pvp_kill' } })).toBeNull();
    expect(selftestActions({ ...request, event_type: 'monster_kill' })).toBeNull();
    expect(selftestActions({ ...request, payload: { ...request.payload, run_id: 'x"y' } })).toBeNull();
    expect(selftestActions({ ...request, player_id: 0 })).toBeNull();
  });

  it('marks the test traffic so the world can skip it', () => {
    expect(isSelftestEvent(request)).toBe(true);
    expect(isSelftestEvent({ event_type: 'monster_kill', payload: { monster_id: 1002, selftest: 'ab' } })).toBe(true);
    expect(isSelftestEvent({ event_type: 'daily_reset', payload: { selftest: 'ab' } })).toBe(true);
    expect(isSelftestEvent({ event_type: 'monster_kill', payload: { monster_id: 1002 } })).toBe(false);
  });

  it('reads the pass/fail table a bridge reports', () => {
    const result = selftestResult({
      event_type: 'custom',
      player_id: 150001,
      map: 'prontera',
      timestamp: 5,
      payload: { kind: 'selftest_result', run_id: '0a1b2c3d', passed: 9, total: 10, rows: [{ check: 'spawn_npc', ok: true, detail: 'npc present at its cell' }] },
    });
    expect(result).toMatchObject({ run_id: '0a1b2c3d', passed: 9, total: 10, player_id: 150001 });
    expect(selftestResult(request)).toBeNull();
  });
});

describe('answerSelftest: the game-event path', () => {
  it('enqueues the answer to a request and tells the caller to keep test traffic out of the world', () => {
    const enqueued: unknown[][] = [];
    expect(answerSelftest(request, (a) => enqueued.push(a))).toBe(true);
    expect(enqueued).toHaveLength(1);
    expect(enqueued[0]).toHaveLength(actionTypes.length);
    expect(answerSelftest({ event_type: 'monster_kill', player_id: 1, map: 'prontera', payload: { monster_id: 1002, selftest: 'ab' } }, (a) => enqueued.push(a))).toBe(true);
    expect(answerSelftest({ event_type: 'monster_kill', player_id: 1, map: 'prontera', payload: { monster_id: 1002 } }, (a) => enqueued.push(a))).toBe(false);
    expect(enqueued).toHaveLength(1);
  });
});
