import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { economyMachine } from '../machines/economy.ts';
import { reducerLogic, step } from '../machines/kit/reducer.ts';
import { upgradeLegacySnapshot } from './legacySnapshot.ts';

const input = { id: 'economy:main', key: 'main', seed: 7, now: 0 };

describe('snapshots an older build saved', () => {
  it('a reducer-era snapshot comes back in the machine, keeping the context fields both versions share', () => {
    const current = createActor(economyMachine, { input }).getPersistedSnapshot() as unknown as { context: Record<string, any> };
    const quotes = structuredClone(current.context.quotes);
    const first = Object.keys(quotes)[0]!;
    quotes[first].price = 999;
    // what the reducer saved: no `children`, its own mode as the value, a field the machine no longer has
    const legacy = { status: 'active', value: 'active', output: undefined, error: undefined, context: { ...current.context, quotes, gone: 1 } };
    // as is, XState cannot restore it: the actor fails
    const broken = createActor(economyMachine, { input, snapshot: legacy as never });
    broken.subscribe({ error: () => {} });
    broken.start();
    expect(broken.getSnapshot().status).toBe('error');
    const actor = createActor(economyMachine, { input, snapshot: upgradeLegacySnapshot(economyMachine, legacy, input) as never }).start();
    expect(actor.getSnapshot().status).toBe('active');
    expect(actor.getSnapshot().context.quotes[first].price).toBe(999);
    expect(actor.getSnapshot().context).not.toHaveProperty('gone');
  });

  it('leaves machine snapshots and every reducer snapshot alone', () => {
    const machineSnapshot = createActor(economyMachine, { input }).getPersistedSnapshot();
    expect(upgradeLegacySnapshot(economyMachine, machineSnapshot, input)).toBe(machineSnapshot);
    const ledger = reducerLogic({ id: 'ledger', context: () => ({ n: 0 }), on: { add: (c: { n: number }) => step({ n: c.n + 1 }) } });
    const saved = { status: 'active', value: 'active', context: { n: 3 } };
    expect(upgradeLegacySnapshot(ledger, saved, input)).toBe(saved);
  });
});
