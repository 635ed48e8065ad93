import { fromStore } from '@xstate/store';
import type { AnyActorLogic } from 'xstate';
import { FACTIONS } from './kit/ids.ts';
import type { Effect } from './kit/outputs.ts';

/**
 * The Reputation agent (`reputation:<playerId>`): a player's standing with each faction in [-1000, 1000] and
 * its tier. Pure data, so an @xstate/store. Rivals share news: gaining with a faction costs half as much with
 * its rival. Reaching a new tier tells the player (a bridge message).
 *
 * @example
 * runtime.send('reputation:150001', { type: 'reputation.change', faction: 'geffen_magi', delta: 25 });
 */
export const RIVAL: Record<string, string> = {
  prontera_guard: 'morocc_thieves',
  morocc_thieves: 'prontera_guard',
  geffen_magi: 'payon_archers',
  payon_archers: 'geffen_magi',
};

export const TIERS = [
  { name: 'hated', min: -1000 },
  { name: 'unfriendly', min: -300 },
  { name: 'neutral', min: -100 },
  { name: 'friendly', min: 100 },
  { name: 'honored', min: 300 },
  { name: 'exalted', min: 700 },
] as const;

export const tierOf = (standing: number): string => [...TIERS].reverse().find((t) => standing >= t.min)!.name;

interface ReputationContext {
  player: number;
  standing: Record<string, number>;
  changes: number;
}

const clamp = (n: number) => Math.max(-1000, Math.min(1000, n));

export const reputationStore = fromStore({
  context: (input: { key: string }) => ({ player: Number(input.key), standing: Object.fromEntries(FACTIONS.map((f) => [f, 0])), changes: 0 }) as ReputationContext,
  emits: { 'midgard.effect': (_: { effect: Effect }) => {} },
  on: {
    'reputation.change': (ctx: ReputationContext, ev: { faction: string; delta: number }, enqueue: any) => {
      const delta = Number(ev.delta);
      if (!(ev.faction in ctx.standing) || !Number.isFinite(delta)) return ctx;
      const standing = { ...ctx.standing };
      standing[ev.faction] = clamp(standing[ev.faction]! + delta);
      const rival = RIVAL[ev.faction]!;
      standing[rival] = clamp(standing[rival]! - Math.trunc(delta / 2));
      for (const f of [ev.faction, rival]) {
        const before = tierOf(ctx.standing[f]!);
        const after = tierOf(standing[f]!);
        if (before !== after) {
          enqueue.emit['midgard.effect']({
            effect: { kind: 'bridge.action', action: { action_type: 'broadcast_message', target_player_id: ctx.player, payload: { message: `Your standing with the ${f.replace('_', ' ')} is now ${after}.` } } },
          });
        }
      }
      return { ...ctx, standing, changes: ctx.changes + 1 };
    },
  },
} as never) as AnyActorLogic;
