import { describe, expect, it } from 'vitest';
import { MemoryOutbox, MemoryPubSub } from '../../persistence/memory/index.ts';
import type { ActionOutbox } from '../../persistence/types.ts';
import { ActionSignal } from './ActionSignal.ts';

const settle = () => new Promise((r) => setTimeout(r, 10));

describe('ActionSignal', () => {
  it('wakes local listeners once per enqueue, and relays to other processes through pub/sub', async () => {
    const pubsub = new MemoryPubSub();
    const outbox = new MemoryOutbox();
    const here = new ActionSignal(outbox, pubsub);
    // another gateway process: its outbox object never sees this process's enqueues
    const elsewhereOutbox: ActionOutbox = { ...new MemoryOutbox(), onEnqueued: undefined } as unknown as ActionOutbox;
    const elsewhere = new ActionSignal(elsewhereOutbox, pubsub);
    await Promise.all([here.start(), elsewhere.start()]);
    let local = 0;
    let remote = 0;
    here.subscribe(() => local++);
    elsewhere.subscribe(() => remote++);
    await outbox.enqueue([{ action_id: 'a-1', action_type: 'broadcast_message', payload: { message: 'hi' } }]);
    await settle();
    expect(local).toBe(1); // not twice: its own relay is skipped
    expect(remote).toBe(1);
    await outbox.enqueue([{ action_id: 'a-1', action_type: 'broadcast_message', payload: { message: 'hi' } }]); // duplicate: nothing new
    await settle();
    expect([local, remote]).toEqual([1, 1]);
    await here.stop();
    await outbox.enqueue([{ action_id: 'a-2', action_type: 'broadcast_message', payload: { message: 'hi' } }]);
    await settle();
    expect([local, remote]).toEqual([1, 1]);
    expect(here.live).toBe(true);
    expect(new ActionSignal(elsewhereOutbox).live).toBe(false);
  });

  it('wakes a gateway with no world in its process from the database, and stops listening on stop', async () => {
    let fire: () => void = () => {};
    let listening = false;
    const wake = {
      async subscribe(onWake: () => void) {
        fire = onWake;
        listening = true;
        return async () => {
          listening = false;
        };
      },
    };
    const noLocalEnqueues = { ...new MemoryOutbox(), onEnqueued: undefined } as unknown as ActionOutbox;
    const signal = new ActionSignal(noLocalEnqueues, undefined, { wake, sweepMs: 3_600_000 });
    expect(signal.live).toBe(true);
    expect(signal.sweepMs).toBe(3_600_000);
    await signal.start();
    let woken = 0;
    signal.subscribe(() => woken++);
    fire();
    expect(woken).toBe(1);
    await signal.stop();
    expect(listening).toBe(false);
  });
});
