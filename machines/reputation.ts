import { createMachine } from 'xstate';
import { run, update } from './kit/run.ts';
import type { ActorInput } from './kit/input.ts';
import { FACTIONS } from './kit/ids.ts';
import { effect, type Delivered } from './kit/outputs.ts';

/**
 * The Reputation agent (`reputation:<playerId>`): a player's standing with each faction in [-1000, 1000] and
 * its tier. The tiers are modes, so this is a statechart with one parallel region per faction whose states are
 * the tiers (not a data store). Rivals share news: gaining with a faction costs half as much with its rival.
 * Reaching a new tier tells the player (a bridge message).
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

export type Tier = (typeof TIERS)[number]['name'];

export const tierOf = (standing: number): Tier => {
  for (let i = TIERS.length - 1; i > 0; i--) if (standing >= TIERS[i]!.min) return TIERS[i]!.name;
  return TIERS[0].name;
};

export interface ReputationContext {
  player: number;
  /** standing with each faction; the state of the faction's region is its tier */
  standing: Record<string, number>;
  changes: number;
}

type Ev = Delivered & Record<string, any>;
type Args = { context: ReputationContext; event: Ev };
const clamp = (n: number) => Math.max(-1000, Math.min(1000, n));

const valid = ({ context, event }: Args) => event.faction in context.standing && Number.isFinite(Number(event.delta));
/** What a change does to one faction: the full delta to the one named, minus half of it to its rival. */
function deltaFor(faction: string, ev: Ev): number {
  const delta = Number(ev.delta);
  return faction === ev.faction ? delta : faction === RIVAL[ev.faction] ? -Math.trunc(delta / 2) : 0;
}
const standingAfter = (ctx: ReputationContext, faction: string, ev: Ev) => clamp(ctx.standing[faction]! + deltaFor(faction, ev));

/**
 * One region per faction, whose states are its tiers. A valid change takes one transition in the regions of the
 * faction named and of its rival: to the tier the new standing falls in (telling the player), or staying. Each
 * region writes only its own faction's standing, and the named faction's region counts the change.
 */
function factionRegion(faction: string) {
  const apply = (ctx: ReputationContext, ev: Ev): ReputationContext => ({
    ...ctx,
    standing: { ...ctx.standing, [faction]: standingAfter(ctx, faction, ev) },
    changes: ctx.changes + (faction === ev.faction ? 1 : 0),
  });
  const from = (here: Tier) => [
    ...TIERS.filter((t) => t.name !== here).map(({ name }) => ({
      guard: (a: Args) => valid(a) && tierOf(standingAfter(a.context, faction, a.event)) === name,
      target: name,
      actions: run((ctx: ReputationContext, ev) => ({
        ctx: apply(ctx, ev),
        out: [effect({ kind: 'bridge.action', action: { action_type: 'broadcast_message', target_player_id: ctx.player, payload: { message: `Your standing with the ${faction.replace('_', ' ')} is now ${name}.` } } })],
      })),
    })),
    { guard: (a: Args) => valid(a) && (a.event.faction === faction || RIVAL[a.event.faction] === faction), actions: update(apply) },
  ];
  return { initial: 'neutral', states: Object.fromEntries(TIERS.map(({ name }) => [name, { on: { 'reputation.change': from(name) } }])) };
}

export const reputationMachine = createMachine({
  id: 'reputation',
  types: {} as { context: ReputationContext; events: Ev; input: ActorInput },
  context: ({ input }) => ({ player: Number(input.key), standing: Object.fromEntries(FACTIONS.map((f) => [f, 0])), changes: 0 }),
  type: 'parallel',
  states: Object.fromEntries(FACTIONS.map((f) => [f, factionRegion(f)])),
});
