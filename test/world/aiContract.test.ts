import { describe, expect, it } from 'vitest';
import { aiDecideEffectSchema } from '../../ai/types.ts';
import { drive } from '../../machines/kit/drive.ts';
import { npcMachine } from '../../machines/npc.ts';
import { arcMachine } from '../../machines/arc.ts';
import { routeGameEvent } from '../../actors/routeGameEvent.ts';

describe('world ↔ AI layer contract', () => {
  it('the AI requests NPCs and story arcs emit are valid ai.decide effects for the AI layer', () => {
    const npc = drive(npcMachine, 'npc:5');
    npc.send({ type: 'rumour.seed', id: 'r', text: 'wolves at the gate' });
    npc.send({ type: 'npc_interaction', player_id: 150001, map: 'prontera', payload: {} });
    npc.send({ type: 'memory.recalled', requestId: 'npc:5/0', memories: [{ text: 'slew Baphomet', importance: 1, tags: [], at: 0 }] });
    const arc = drive(arcMachine, 'arc:main');
    arc.send({ type: 'world.digest', digest: { day: 0, hotMaps: [], factionPower: {}, notable: [], today: {}, history: [] } }, { now: 1 });
    const effects = [...npc.effects('ai.decide'), ...arc.effects('ai.decide')];
    expect(effects.map((e) => (e.request as { purpose: string }).purpose)).toEqual(['dialogue', 'story']);
    for (const e of effects) expect(aiDecideEffectSchema.safeParse(e).success, JSON.stringify(e)).toBe(true);
  });

  it('the player’s job and level reach their memory actor, where NPCs recall them', () => {
    const ev = (event_type: string, payload: Record<string, unknown>) => ({ event_type, player_id: 150001, map: 'prontera', timestamp: 1, priority: 'normal' as const, payload });
    expect(routeGameEvent(ev('player_login', { action: 'login', base_level: 12, job: 'Acolyte' })).map((r) => r.to)).toEqual(['world:main', 'memory:150001']);
    expect(routeGameEvent(ev('custom', { kind: 'base_level_up', base_level: 13 })).map((r) => r.to)).toEqual(['karma:150001', 'memory:150001']);
    expect(routeGameEvent(ev('custom', { kind: 'pvp_kill' })).map((r) => r.to)).toEqual(['karma:150001']);
  });
});
