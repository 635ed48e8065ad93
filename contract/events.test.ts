import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, eventTypes, isEventType, parseGameEvent } from './events.ts';

describe('parseGameEvent', () => {
  it('reads a server event with no player_id and no map as exactly that, and a player_id of 0 or an empty map as absent', () => {
    expect(parseGameEvent({ event_type: 'daily_reset', payload: {}, priority: 'normal', timestamp: 5 })).toEqual({ ok: true, event: { event_type: 'daily_reset', payload: {}, priority: 'normal', timestamp: 5 } });
    const zero = parseGameEvent({ event_type: 'custom', player_id: 0, map: '', timestamp: 5 });
    expect(zero).toEqual({ ok: true, event: { event_type: 'custom', payload: {}, priority: 'normal', timestamp: 5 } });
  });

  it('keeps extra payload keys a server adds, and refuses known keys of the wrong type', () => {
    const ok = parseGameEvent({ event_type: 'monster_kill', player_id: 1, timestamp: 1, payload: { monster_id: 1002, aoe: true } });
    expect(ok.ok && ok.event.payload).toEqual({ monster_id: 1002, aoe: true });
    expect(parseGameEvent({ event_type: 'monster_kill', player_id: 1, timestamp: 1, payload: { monster_id: '1002' } })).toMatchObject({ ok: false, event_type: 'monster_kill', reason: expect.stringMatching(/^payload\.monster_id:/) });
  });

  it('needs a player for the types that say so, and an npc_id or npc_name on a click', () => {
    for (const type of eventTypes.filter((t) => EVENT_TYPES[t].needsPlayer)) {
      expect(parseGameEvent({ event_type: type, timestamp: 1, payload: {} }), type).toMatchObject({ ok: false, reason: expect.stringContaining('player_id') });
    }
    expect(parseGameEvent({ event_type: 'npc_interaction', player_id: 1, timestamp: 1, payload: { npc_id: 5 } }).ok).toBe(true);
    expect(parseGameEvent({ event_type: 'npc_interaction', player_id: 1, timestamp: 1, payload: { npc_name: 'Dig Site#a1_0' } }).ok).toBe(true);
    expect(parseGameEvent({ event_type: 'npc_interaction', player_id: 1, timestamp: 1, payload: {} })).toMatchObject({ ok: false, reason: expect.stringContaining('npc_id or npc_name') });
  });

  it('refuses unknown and missing event types, naming what it can', () => {
    expect(parseGameEvent({ event_type: 'guild_war', timestamp: 1 })).toMatchObject({ ok: false, event_type: 'guild_war', reason: expect.stringContaining("unknown event_type 'guild_war'") });
    expect(parseGameEvent({ event_type: 'toString', timestamp: 1 })).toMatchObject({ ok: false, event_type: 'toString' }); // not an own key
    expect(parseGameEvent(null)).toMatchObject({ ok: false, event_type: null });
    expect(isEventType('constructor')).toBe(false);
  });
});

describe('payloads real bridges send', () => {
  it('takes a map_change from nowhere and a long unique NPC name', () => {
    expect(parseGameEvent({ event_type: 'map_change', player_id: 1, timestamp: 1, payload: { from_map: '', to_map: 'prontera' } }).ok).toBe(true);
    expect(parseGameEvent({ event_type: 'npc_interaction', player_id: 1, timestamp: 1, payload: { npc_name: `Ann the Wandering Bard#d12_3` } }).ok).toBe(true);
  });
});
