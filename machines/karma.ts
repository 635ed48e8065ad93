import { createMachine } from 'xstate';
import { run } from './kit/run.ts';
import type { ActorInput } from './kit/input.ts';
import { message, type Delivered } from './kit/outputs.ts';
import { announce, reward } from './kit/actions.ts';
import { SYSTEM } from './kit/ids.ts';

/**
 * The Karma agent (`karma:<playerId>`): a player's moral weight in [-100, 100] from deeds (quests, helping
 * with problems, MVP kills) and misdeeds (player kills, reported griefing via `custom` events). Its standing is
 * the machine's state: `neutral`, `hero` from +50 (a blessing, once in a lifetime), `outlaw` from -50 (a public
 * bounty, each time). Every shift feeds world karma.
 *
 * @example
 * runtime.send('karma:150001', { type: 'karma.deed', delta: 5, reason: 'quest 70001' });
 */
export type Standing = 'outlaw' | 'neutral' | 'hero';
export interface KarmaContext {
  player: number;
  karma: number;
  blessed: boolean;
  deeds: number;
}

type Ev = Delivered & Record<string, any>;

export const standingOf = (k: number): Standing => (k >= 50 ? 'hero' : k <= -50 ? 'outlaw' : 'neutral');

/** The karma an event is worth; NaN for events that are no deed at all (they change nothing). */
function deltaOf(ev: Ev): number {
  if (ev.type === 'karma.deed') {
    const delta = Number(ev.delta);
    return Number.isFinite(delta) && delta !== 0 ? delta : NaN;
  }
  if (ev.type === 'mvp_kill') return 2;
  const kind = ev.payload?.kind;
  return kind === 'player_kill' ? -15 : kind === 'grief' ? -10 : kind === 'help' ? 3 : NaN;
}

const shifted = (ctx: KarmaContext, ev: Ev) => Math.max(-100, Math.min(100, ctx.karma + deltaOf(ev)));

const shift = run((ctx: KarmaContext, ev) => {
  const karma = shifted(ctx, ev);
  return { ctx: { ...ctx, karma, deeds: ctx.deeds + 1 }, out: [message(SYSTEM.world, { type: 'karma.shift', delta: karma - ctx.karma })] };
});

const STANDINGS: Standing[] = ['neutral', 'hero', 'outlaw'];
/** Events that move karma; from each standing, one guarded transition per other standing, then a shift in place. */
const DEEDS = ['karma.deed', 'mvp_kill', 'custom'] as const;
function deedsFrom(here: Standing) {
  const transitions = [
    ...STANDINGS.filter((s) => s !== here).map((s) => ({
      guard: ({ context, event }: { context: KarmaContext; event: Ev }) => !Number.isNaN(deltaOf(event)) && standingOf(shifted(context, event)) === s,
      target: s,
      actions: shift,
    })),
    { guard: ({ event }: { event: Ev }) => !Number.isNaN(deltaOf(event)), actions: shift },
  ];
  return Object.fromEntries(DEEDS.map((type) => [type, transitions]));
}

export const karmaMachine = createMachine({
  id: 'karma',
  types: {} as { context: KarmaContext; events: Ev; input: ActorInput },
  context: ({ input }) => ({ player: Number(input.key), karma: 0, blessed: false, deeds: 0 }),
  initial: 'neutral',
  states: {
    neutral: { on: deedsFrom('neutral') },
    hero: {
      entry: run((ctx: KarmaContext) => ({
        ctx: { ...ctx, blessed: true },
        out: [
          announce(`The people of Midgard call player ${ctx.player} a hero.`, { target_player_id: ctx.player }),
          ...(ctx.blessed ? [] : [reward(ctx.player, { item_id: 607, quantity: 1 }, 'karma', 'hero')]),
        ],
      })),
      on: deedsFrom('hero'),
    },
    outlaw: {
      entry: run((ctx: KarmaContext) => ({ ctx, out: [announce(`A bounty is posted on player ${ctx.player}!`, { priority: 2 })] })),
      on: deedsFrom('outlaw'),
    },
  },
});
