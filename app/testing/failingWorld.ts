import { setup } from 'xstate';
import type { ActorKind } from '../../runtime/ActorKind.ts';
import type { ActorInput } from '../../machines/kit/input.ts';
import type { Delivered, PlainEvent } from '../../machines/kit/outputs.ts';
import type { WorldWiring } from '../createMidgard.ts';

/** An actor that fails on `boom`: its message becomes a dead letter. */
const fragile = setup({ types: { context: {} as Record<string, never>, input: {} as ActorInput, events: {} as Delivered<PlainEvent> } }).createMachine({
  id: 'fragile',
  context: {},
  on: {
    boom: {
      actions: () => {
        throw new Error('fragile actor broke');
      },
    },
  },
});

export const kinds: ActorKind[] = [{ kind: 'fragile', logic: fragile }];

/** Every game event goes to `fragile:<player>` as `boom`. */
export function failingWorld(): WorldWiring {
  return {
    catalogue: new URL('./failingWorld.ts', import.meta.url),
    dispatchGameEvent(send, event, key) {
      send(`fragile:${event.player_id}`, { type: 'boom' }, key);
      return 1;
    },
  };
}
