import { describe, expect, it } from 'vitest';
import { routeGameEvent, factionOfMap } from './routeGameEvent.ts';
import type { GameEvent } from '../persistence/types.ts';

const ev = (event_type: string, extra: Partial<GameEvent> = {}): GameEvent => ({ event_type, player_id: 150001, timestamp: 1, priority: 'normal', payload: {}, ...extra });

describe('routeGameEvent', () => {
  it('sends a kill to the world (which forwards it to watchers) and to the faction whose land it is', () => {
    const routed = routeGameEvent(ev('monster_kill', { map: 'gef_fild10', payload: { monster_id: 1002 } }));
    expect(routed.map((r) => r.to)).toEqual(['world:main', 'faction:geffen_magi']);
    expect(routed[0]!.event).toEqual({ type: 'monster_kill', player_id: 150001, map: 'gef_fild10', payload: { monster_id: 1002 }, timestamp: 1 });
    expect(factionOfMap('gl_church')).toBeUndefined();
  });

  it('turns clicks on chests and dig sites into claims, and other NPC clicks into a conversation', () => {
    expect(routeGameEvent(ev('npc_interaction', { map: 'prt_fild08', payload: { npc_name: 'Treasure Chest#t3_1' } }))).toEqual([
      { to: 'treasure:main', event: { type: 'treasure.claim', chest: 't3_1', player_id: 150001 } },
    ]);
    expect(routeGameEvent(ev('npc_interaction', { payload: { npc_name: 'Dig Site#a2_0' } }))[0]).toEqual({ to: 'archaeology:main', event: { type: 'archaeology.dig', site: 'a2_0', player_id: 150001 } });
    expect(routeGameEvent(ev('npc_interaction', { map: 'prontera', payload: { npc_id: 42 } })).map((r) => r.to)).toEqual(['world:main', 'npc:42']);
    expect(routeGameEvent(ev('npc_interaction', { payload: { npc_id: -1 } })).map((r) => r.to)).toEqual(['world:main']);
  });

  it('routes MVP kills to the boss and the killer’s karma, quests to quest and arc, trades to the economy', () => {
    expect(routeGameEvent(ev('mvp_kill', { map: 'gef_dun02', payload: { mvp_id: 1039 } })).map((r) => r.to)).toEqual(['world:main', 'boss:main', 'karma:150001']);
    expect(routeGameEvent(ev('quest_complete', { payload: { quest_id: 70001 } })).map((r) => r.to)).toEqual(['world:main', 'quest:main', 'arc:main']);
    expect(routeGameEvent(ev('trade_complete')).map((r) => r.to)).toEqual(['world:main', 'economy:main']);
    expect(routeGameEvent(ev('custom', { player_id: 0, payload: { kind: 'player_kill' } }))).toEqual([]);
    expect(routeGameEvent(ev('daily_reset'))).toEqual([]);
    expect(routeGameEvent(ev('something_new'))).toEqual([]);
  });
});

describe('dispatchGameEvent', () => {
  it('traces every routed message by the event key, so a replayed event yields the same traces', async () => {
    const { dispatchGameEvent, routeGameEvent } = await import('./routeGameEvent.ts');
    const kill = { event_type: 'monster_kill', player_id: 150001, map: 'prt_fild08', timestamp: 1, priority: 'normal' as const, payload: { monster_id: 1002 } };
    const sent = (key?: string) => {
      const out: string[] = [];
      const n = dispatchGameEvent((to, _event, trace) => out.push(`${to}@${trace}`), kill, key);
      expect(n).toBe(out.length);
      return out;
    };
    expect(sent()).toHaveLength(routeGameEvent(kill).length);
    expect(sent()).toEqual(sent()); // content key when no id: stable
    expect(sent('evt-1')[0]).toMatch(/@evt-1:/);
    expect(sent('evt-1')).not.toEqual(sent('evt-2'));
  });
});
