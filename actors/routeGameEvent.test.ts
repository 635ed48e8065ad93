import { describe, expect, it } from 'vitest';
import { eventTypes, npcTemplates } from '../contract/index.ts';
import { SCHEDULE } from './kinds.ts';
import type { GameEvent } from '../persistence/types.ts';
import { EVENT_ROUTES, HEARD_BY_NOBODY, TEMPLATE_CLICKS, dispatchGameEvent, factionOfMap, routeGameEvent } from './routeGameEvent.ts';

const ev = (event_type: string, extra: Partial<GameEvent> = {}): GameEvent => ({ event_type, player_id: 150001, timestamp: 1, priority: 'normal', payload: {}, ...extra });

describe('routeGameEvent', () => {
  it('has a routing decision for every event type of the contract, and for nothing else', () => {
    // routed by some kind's declaration, or deliberately heard by nobody (with the reason), never both
    expect([...Object.keys(EVENT_ROUTES), ...Object.keys(HEARD_BY_NOBODY)].sort()).toEqual([...eventTypes].sort());
    expect(Object.keys(TEMPLATE_CLICKS).sort()).toEqual([...npcTemplates].sort());
  });

  it('sends a kill to the world (which forwards it to watchers) and to the faction whose land it is', () => {
    const routed = routeGameEvent(ev('monster_kill', { map: 'gef_fild10', payload: { monster_id: 1002 } }));
    expect(routed.map((r) => r.to)).toEqual(['world:main', 'faction:geffen_magi']);
    expect(routed[0]!.event).toEqual({ type: 'monster_kill', player_id: 150001, map: 'gef_fild10', payload: { monster_id: 1002 }, timestamp: 1 });
    expect(factionOfMap('gl_church')).toBeUndefined();
  });

  it('turns clicks on chests and dig sites into claims, by name or by the template the script names', () => {
    expect(routeGameEvent(ev('npc_interaction', { map: 'prt_fild08', payload: { npc_name: 'Treasure Chest#t3_1' } }))).toEqual([
      { to: 'treasure:main', event: { type: 'treasure.claim', chest: 't3_1', player_id: 150001 } },
    ]);
    expect(routeGameEvent(ev('npc_interaction', { payload: { npc_name: 'Dig Site#a2_0' } }))[0]).toEqual({ to: 'archaeology:main', event: { type: 'archaeology.dig', site: 'a2_0', player_id: 150001 } });
    expect(routeGameEvent(ev('npc_interaction', { payload: { npc_name: 'Old Chest#t9_9', template: 'midgard_treasure' } }))[0]!.event).toMatchObject({ type: 'treasure.claim', chest: 't9_9' });
  });

  it('routes a click by npc_id (the original bridge) to that NPC actor and the world', () => {
    expect(routeGameEvent(ev('npc_interaction', { map: 'prontera', payload: { npc_id: 42 } })).map((r) => r.to)).toEqual(['world:main', 'npc:42']);
    expect(routeGameEvent(ev('npc_interaction', { payload: { npc_id: 0 } })).map((r) => r.to)).toEqual(['world:main', 'npc:0']);
    expect(routeGameEvent(ev('npc_interaction', { payload: { npc_id: -1 } })).map((r) => r.to)).toEqual(['world:main']);
  });

  it('lets the world observe clicks on templates no agent settles (caravans, visitors, quest board)', () => {
    for (const [name, template] of [['Caravan Merchant#c0', 'midgard_caravan'], ['Ann the Bard#d1_0', 'midgard_dynamic'], ['Quest Board#q', 'midgard_questboard']]) {
      expect(routeGameEvent(ev('npc_interaction', { payload: { npc_name: name, template } })).map((r) => r.to)).toEqual(['world:main']);
    }
    // a caravan named like a chest is still a caravan when its script says so
    expect(routeGameEvent(ev('npc_interaction', { payload: { npc_name: 'Treasure Chest#c1', template: 'midgard_caravan' } })).map((r) => r.to)).toEqual(['world:main']);
  });

  it('routes MVP kills to the boss and the killer’s karma, quests to quest and arc, trades to the economy', () => {
    expect(routeGameEvent(ev('mvp_kill', { map: 'gef_dun02', payload: { mvp_id: 1039 } })).map((r) => r.to)).toEqual(['world:main', 'boss:main', 'karma:150001']);
    expect(routeGameEvent(ev('quest_complete', { payload: { quest_id: 70001 } })).map((r) => r.to)).toEqual(['world:main', 'quest:main', 'arc:main']);
    expect(routeGameEvent(ev('trade_complete')).map((r) => r.to)).toEqual(['world:main', 'economy:main']);
    expect(routeGameEvent(ev('custom', { payload: { kind: 'player_kill' } })).map((r) => r.to)).toEqual(['karma:150001']);
    expect(routeGameEvent(ev('player_logout'))).toEqual([]);
    expect(routeGameEvent(ev('something_new'))).toEqual([]);
  });

  it('routes server events (no player_id) without inventing a player', () => {
    const { player_id: _, ...server } = ev('custom', { payload: { kind: 'woe_start' } });
    expect(routeGameEvent(server)).toEqual([]);
    const drop = routeGameEvent({ ...server, event_type: 'item_drop', payload: { item_id: 909 } });
    expect(drop.map((r) => r.to)).toEqual(['world:main', 'economy:main']);
    expect(drop[0]!.event).not.toHaveProperty('player_id');
  });

  it('turns daily_reset into a firing of every daily pipeline slot', () => {
    const { player_id: _, ...reset } = ev('daily_reset');
    expect(routeGameEvent(reset)).toEqual(SCHEDULE.map((s) => ({ to: 'pipeline:main', event: { type: 'pipeline.fire', slot: s.slot } })));
  });
});

describe('dispatchGameEvent', () => {
  const kill = { event_type: 'monster_kill', player_id: 150001, map: 'prt_fild08', timestamp: 1, priority: 'normal' as const, payload: { monster_id: 1002 } };
  const sent = (e: GameEvent, key?: string) => {
    const out: string[] = [];
    const n = dispatchGameEvent((to, _event, trace) => out.push(`${to}@${trace}`), e, key);
    expect(n).toBe(out.length);
    return out;
  };

  it('traces every routed message by the event key, so a replayed event yields the same traces', () => {
    expect(sent(kill)).toHaveLength(routeGameEvent(kill).length);
    expect(sent(kill)).toEqual(sent(kill)); // content key when no id: stable
    expect(sent(kill, 'evt-1')[0]).toMatch(/@evt-1:/);
    expect(sent(kill, 'evt-1')).not.toEqual(sent(kill, 'evt-2'));
  });

  it('gives several messages to one actor distinct traces', () => {
    const traces = sent({ event_type: 'daily_reset', timestamp: 1, priority: 'normal', payload: {} }, 'b:x:0');
    expect(traces).toHaveLength(SCHEDULE.length);
    expect(new Set(traces).size).toBe(SCHEDULE.length);
    expect(traces[0]).toBe('pipeline:main@b:x:0:pipeline:main');
  });
});
