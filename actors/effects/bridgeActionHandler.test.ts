import { describe, expect, it } from 'vitest';
import { bridgeActionHandler, anticheatRejections } from './bridgeActionHandler.ts';
import { ActionGate, actionsRefused } from './ActionGate.ts';
import type { EffectContext } from '../../runtime/control.ts';
import type { BridgeAction } from '../../persistence/types.ts';

const ctx = (id: string): EffectContext => ({ id, actorId: 'treasure:main', tick: 3, now: 0, reply: () => {} });
const counterValue = async (c: { get(): Promise<{ values: { labels: Record<string, unknown>; value: number }[] }> }, labels: Record<string, string>) =>
  (await c.get()).values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))?.value ?? 0;

describe('bridgeActionHandler', () => {
  it('enqueues valid actions under the effect id and counts and reports rejected ones', async () => {
    const enqueued: BridgeAction[] = [];
    const rejected: string[] = [];
    const handle = bridgeActionHandler({ enqueue: (a) => void enqueued.push(a), onReject: (a, v) => rejected.push(`${a.action_id}:${v.rule}`) });
    const before = await counterValue(anticheatRejections, { rule: 'unknown_monster' });
    await handle({ kind: 'bridge.action', action: { action_type: 'spawn_monster', target_map: 'prontera', payload: { map: 'prontera', x: 10, y: 10, monster_id: 1002, amount: 2 } } }, ctx('treasure:main/ab'));
    await handle({ kind: 'bridge.action', action: { action_type: 'spawn_monster', payload: { map: 'prontera', x: 10, y: 10, monster_id: 7, amount: 2 } } }, ctx('treasure:main/cd'));
    expect(enqueued).toEqual([{ action_id: 'treasure:main/ab', action_type: 'spawn_monster', target_map: 'prontera', payload: { map: 'prontera', x: 10, y: 10, monster_id: 1002, amount: 2 } }]);
    expect(rejected).toEqual(['treasure:main/cd:unknown_monster']);
    expect(await counterValue(anticheatRejections, { rule: 'unknown_monster' })).toBe(before + 1);
  });

  it('refuses before the outbox what the game server cannot run: counted by type and rule, listed with its reason', async () => {
    const enqueued: BridgeAction[] = [];
    const gate = new ActionGate();
    const handle = bridgeActionHandler({ enqueue: (a) => void enqueued.push(a), gate });
    const before = await counterValue(actionsRefused, { action_type: 'set_map_flag', rule: 'unknown_flag' });
    await handle({ kind: 'bridge.action', action: { action_type: 'set_map_flag', target_map: 'prontera', payload: { map: 'prontera', flag: 'heatwave', value: true } } }, ctx('hazard:main/1'));
    await handle({ kind: 'bridge.action', action: { action_type: 'spawn_npc', payload: { map: 'moc_fild08', x: 10, y: 10, npc_name: 'Chest#1', script: 'midgard_treasure' } } }, ctx('treasure:main/2'));
    await handle({ kind: 'bridge.action', action: { action_type: 'update_economy', payload: { values: { potion: 12 } } } }, ctx('economy:main/3'));
    expect(enqueued).toEqual([]);
    expect(gate.refused().map((r) => [r.action_id, r.rule])).toEqual([['economy:main/3', 'contract'], ['treasure:main/2', 'map_not_loaded'], ['hazard:main/1', 'unknown_flag']]);
    expect(gate.refused()[2]).toMatchObject({ actor: 'treasure:main', reason: expect.stringContaining('heatwave') });
    expect(await counterValue(actionsRefused, { action_type: 'set_map_flag', rule: 'unknown_flag' })).toBe(before + 1);
    // after a handshake that lists the map, the same NPC is runnable
    gate.handshake({ ...gate.current.capabilities, bridge_version: 'test', maps: [...gate.current.capabilities.maps, { name: 'moc_fild08', width: 400, height: 400 }] }, 5);
    await handle({ kind: 'bridge.action', action: { action_type: 'spawn_npc', payload: { map: 'moc_fild08', x: 10, y: 10, npc_name: 'Chest#1', script: 'midgard_treasure' } } }, ctx('treasure:main/4'));
    expect(enqueued.map((a) => a.action_id)).toEqual(['treasure:main/4']);
  });
});
