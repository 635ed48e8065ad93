import type { BridgeAction } from '../persistence/types.ts';
import type { Effect } from '../machines/kit/outputs.ts';
import { routeGameEvent } from '../actors/routeGameEvent.ts';
import { SYSTEM, npcId } from '../machines/kit/ids.ts';
import { log } from '../runtime/log.ts';
import type { WorldWiring } from './createMidgard.ts';

/**
 * Midgard's own world: the catalogue of actors/, its game-event routing, its first breath, and the main-thread
 * handlers for what its machines emit.
 */
export function realWorld(): WorldWiring {
  return {
    catalogue: new URL('../actors/catalogue.ts', import.meta.url),
    routeGameEvent,
    bootstrap(runtime, config) {
      // The pipeline arms its daily timers on start; NPCs arm their own wake-ups when first created.
      runtime.send(SYSTEM.pipeline, { type: 'pipeline.start' }, 'bootstrap', 'bootstrap:pipeline');
      for (let n = 0; n < config.npcs; n++) runtime.send(npcId(n), { type: 'npc.wake' }, 'bootstrap', `bootstrap:${n}`);
    },
    effects: ({ outbox }) => ({
      // The effect id is derived from the causal chain, so a replay after a crash re-creates the same action id
      // and the outbox's uniqueness makes it a no-op.
      'bridge.action': async (effect, ctx) => {
        const action = (effect as Effect & { action: Omit<BridgeAction, 'action_id'> }).action;
        await outbox.enqueue([{ ...action, action_id: ctx.id }]);
      },
      log: (effect, ctx) => {
        const level = effect.level === 'warn' || effect.level === 'error' || effect.level === 'debug' ? effect.level : 'info';
        log[level]({ actorId: ctx.actorId, tick: ctx.tick }, String(effect.msg ?? effect.message ?? ''));
      },
    }),
  };
}
