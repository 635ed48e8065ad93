import type { PlainEvent } from '../machines/kit/outputs.ts';
import { bootMessages } from './kinds.ts';

/**
 * The world's first breath: every kind declared with `boot` (actors/kinds.ts) gets its first message — the
 * singletons and factions whose entry actions arm their daily timers `actor.start`, each NPC its `npc.spawn`
 * with the population's size (NPCs only reach out to neighbours once they know it). Virtual actors come to life
 * on their first message; `actor.start` is otherwise ignored. Idempotent: a second bootstrap only sends ignored
 * events (timers are replaced, not doubled).
 *
 * @example
 * bootstrapWorld((to, event, trace) => runtime.send(to, event, 'bootstrap', trace), config.npcs);
 */
export function bootstrapWorld(send: (to: string, event: PlainEvent, trace: string) => void, npcs: number): void {
  for (const { to, event } of bootMessages(npcs)) send(to, event, `bootstrap:${to}`);
}
