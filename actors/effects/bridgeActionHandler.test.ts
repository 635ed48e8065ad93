import { describe, expect, it } from 'vitest';
import { bridgeActionHandler, anticheatRejections } from './bridgeActionHandler.ts';
import type { EffectContext } from '../../runtime/control.ts';
import type { BridgeAction } from '../../persistence/types.ts';

const ctx = (id: string): EffectContext => ({ id, actorId: 'treasure:main', tick: 3, now: 0, reply: () => {} });

describe('bridgeActionHandler', () => {
  it('enqueues valid actions under the effect id and counts and reports rejected ones', async () => {
    const enqueued: BridgeAction[] = [];
    const rejected: string[] = [];
    const handle = bridgeActionHandler({ enqueue: (a) => void enqueued.push(a), onReject: (a, v) => rejected.push(`${a.action_id}:${v.rule}`) });
    const before = (await anticheatRejections.get()).values.find((v) => v.labels.rule === 'unknown_monster')?.value ?? 0;
    await handle({ kind: 'bridge.action', action: { action_type: 'spawn_monster', target_map: 'prontera', payload: { map: 'prontera', x: 10, y: 10, monster_id: 1002, amount: 2 } } }, ctx('treasure:main/ab'));
    await handle({ kind: 'bridge.action', action: { action_type: 'spawn_monster', payload: { map: 'prontera', x: 10, y: 10, monster_id: 7, amount: 2 } } }, ctx('treasure:main/cd'));
    expect(enqueued).toEqual([{ action_id: 'treasure:main/ab', action_type: 'spawn_monster', target_map: 'prontera', payload: { map: 'prontera', x: 10, y: 10, monster_id: 1002, amount: 2 } }]);
    expect(rejected).toEqual(['treasure:main/cd:unknown_monster']);
    const after = (await anticheatRejections.get()).values.find((v) => v.labels.rule === 'unknown_monster')!.value;
    expect(after).toBe(before + 1);
  });
});
