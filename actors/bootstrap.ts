import type { PlainEvent } from '../machines/kit/outputs.ts';
import { npcId } from '../machines/kit/ids.ts';
import { STARTUP_ACTORS } from './catalogue.ts';

/**
 * The world's first breath: create the singletons whose entry actions arm the daily timers (pipeline, world
 * digest, economy rebalance, weather, world events, boss, arcs, factions) and the NPC population (each arms
 * its own wake-up). Virtual actors come to life on their first message; these messages are otherwise ignored.
 * Idempotent: a second bootstrap only sends ignored events (timers are replaced, not doubled).
 *
 * @example
 * bootstrapWorld((to, event, trace) => runtime.send(to, event, 'bootstrap', trace), config.npcs);
 */
export function bootstrapWorld(send: (to: string, event: PlainEvent, trace: string) => void, npcs: number): void {
  for (const id of STARTUP_ACTORS) send(id, { type: 'actor.start' }, `bootstrap:${id}`);
  // NPCs only reach out to neighbours once they know how many of them there are (see NpcContext.population)
  for (let n = 0; n < npcs; n++) send(npcId(n), { type: 'npc.spawn', population: npcs }, `bootstrap:npc:${n}`);
}
