import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE, NPC_NAME_MAX, announce, npcName, randomCell } from './actions.ts';
import { isLoadedMap, loadedFields, loadedWilds } from './stockMaps.ts';
import { ACTION_TYPES } from '../../contract/actions.ts';
import { fields } from '../../facts/index.ts';

const actionOf = (o: unknown) => (o as { effect: { action: { payload: Record<string, unknown> } } }).effect.action;

describe('action builders', () => {
  it('names NPCs `Shown#uid` within 24 characters, cutting only the shown part', () => {
    expect(npcName('Treasure Chest', 't3_0')).toBe('Treasure Chest#t3_0');
    const long = npcName('Bartholomew the Wandering Merchant', 'd120_39');
    expect(long.length).toBeLessThanOrEqual(NPC_NAME_MAX);
    expect(long.endsWith('#d120_39')).toBe(true);
    expect(npcName('Say "hi"\\#', 'x')).toBe('Say hi#x');
    expect(ACTION_TYPES.spawn_npc.payload.shape.npc_name.safeParse(long).success).toBe(true);
  });

  it('cuts a broadcast to what rAthena takes, so an AI reply never makes an invalid action', () => {
    const a = actionOf(announce('x'.repeat(400), { target_player_id: 150001 }));
    expect((a.payload.message as string).length).toBe(MAX_MESSAGE);
    expect(ACTION_TYPES.broadcast_message.payload.safeParse(a.payload).success).toBe(true);
  });

  it('places things only on maps a stock server loads', () => {
    expect(isLoadedMap('prt_fild08')).toBe(true);
    expect(isLoadedMap('moc_fild08')).toBe(false); // commented out in maps_athena.conf
    expect(fields.some((m) => m.name === 'moc_fild08')).toBe(true);
    expect(loadedFields.some((m) => m.name === 'moc_fild08')).toBe(false);
    expect(loadedWilds.every((m) => isLoadedMap(m.name))).toBe(true);
    expect(() => randomCell(1, 'moc_fild08')).toThrow(/not one a stock server loads/);
    const [x, y] = randomCell(1, 'prontera');
    expect(x).toBeLessThan(312);
    expect(y).toBeLessThan(392);
  });
});
