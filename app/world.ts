import { dispatchGameEvent } from '../actors/routeGameEvent.ts';
import { bootstrapWorld } from '../actors/bootstrap.ts';
import { bridgeActionHandler } from '../actors/effects/bridgeActionHandler.ts';
import { log } from '../runtime/log.ts';
import { actorNames } from './actorNames.ts';
import type { WorldWiring } from './createMidgard.ts';

/**
 * Midgard's own world: the catalogue of actors/, its game-event routing, its first breath, and the main-thread
 * handlers for what its machines emit.
 */
export function realWorld(): WorldWiring {
  return {
    catalogue: new URL('../actors/catalogue.ts', import.meta.url),
    dispatchGameEvent,
    actorNames,
    bootstrap(runtime, config) {
      bootstrapWorld((to, event, trace) => runtime.send(to, event, 'bootstrap', trace), config.npcs);
    },
    effects: ({ outbox, gate }) => ({
      // The game's capabilities, then the anti-cheat; the action id is the effect's causal id, so a replay after a crash re-creates it and
      // the outbox's uniqueness turns it into a no-op.
      'bridge.action': bridgeActionHandler({ gate, enqueue: async (action) => void (await outbox.enqueue([action])) }),
      log: (effect, ctx) => {
        const level = effect.level === 'warn' || effect.level === 'error' || effect.level === 'debug' ? effect.level : 'info';
        log[level]({ actorId: ctx.actorId, tick: ctx.tick }, String(effect.msg ?? effect.message ?? ''));
      },
    }),
  };
}
