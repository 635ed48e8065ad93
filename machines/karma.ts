import { reducerLogic, step } from './kit/reducer.ts';
import { message, type Output } from './kit/outputs.ts';
import { announce, reward } from './kit/actions.ts';
import { SYSTEM } from './kit/ids.ts';

/**
 * The Karma agent (`karma:<playerId>`): a player's moral weight in [-100, 100] from deeds (quests, helping
 * with problems, MVP kills) and misdeeds (player kills, reported griefing via `custom` events). Crossing +50
 * makes a hero (a blessing, once); crossing -50 an outlaw (a public bounty). Every shift feeds world karma.
 *
 * @example
 * runtime.send('karma:150001', { type: 'karma.deed', delta: 5, reason: 'quest 70001' });
 */
export type Standing = 'outlaw' | 'neutral' | 'hero';
export interface KarmaContext extends Record<string, unknown> {
  player: number;
  karma: number;
  standing: Standing;
  blessed: boolean;
  deeds: number;
}

export const standingOf = (k: number): Standing => (k >= 50 ? 'hero' : k <= -50 ? 'outlaw' : 'neutral');

function shift(ctx: KarmaContext, delta: number): ReturnType<typeof step<KarmaContext>> | undefined {
  if (!Number.isFinite(delta) || delta === 0) return undefined;
  const karma = Math.max(-100, Math.min(100, ctx.karma + delta));
  const standing = standingOf(karma);
  const out: Output[] = [message(SYSTEM.world, { type: 'karma.shift', delta: karma - ctx.karma })];
  let blessed = ctx.blessed;
  if (standing !== ctx.standing && standing === 'hero') {
    out.push(announce(`The people of Midgard call player ${ctx.player} a hero.`, { target_player_id: ctx.player }));
    if (!blessed) out.push(reward(ctx.player, { item_id: 607, quantity: 1 }, 'karma', 'hero'));
    blessed = true;
  }
  if (standing !== ctx.standing && standing === 'outlaw') out.push(announce(`A bounty is posted on player ${ctx.player}!`, { priority: 2 }));
  return step({ ...ctx, karma, standing, blessed, deeds: ctx.deeds + 1 }, out);
}

export const karmaMachine = reducerLogic<KarmaContext>({
  id: 'karma',
  context: (input) => ({ player: Number(input.key), karma: 0, standing: 'neutral', blessed: false, deeds: 0 }),
  on: {
    'karma.deed': (ctx, ev) => shift(ctx, Number(ev.delta)),
    mvp_kill: (ctx) => shift(ctx, 2),
    custom: (ctx, ev) => {
      const kind = (ev.payload as any)?.kind;
      return kind === 'player_kill' ? shift(ctx, -15) : kind === 'grief' ? shift(ctx, -10) : kind === 'help' ? shift(ctx, 3) : undefined;
    },
  },
});
