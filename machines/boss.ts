import { assign, createMachine } from 'xstate';
import { run } from './kit/run.ts';
import type { ActorInput } from './kit/input.ts';
import { message, timer, cancelTimer, type Delivered, type Output } from './kit/outputs.ts';
import { announce, randomCell, reward, spawnMonsters } from './kit/actions.ts';
import { pick } from './kit/random.ts';
import { pickMapsByActivity } from './kit/weighted.ts';
import { SYSTEM, karmaId } from './kit/ids.ts';
import { HOUR } from './kit/time.ts';
import { mapByName, mvps } from '../facts/index.ts';
import { mvpHomes } from '../facts/spawns.ts';
import { placeName } from '../facts/places.ts';
import { isLoadedMap } from './kit/stockMaps.ts';

/**
 * The DynamicBoss agent (`boss:main`): modes `dormant` → `abroad` → `dormant`. Every evening (20:00) a real MVP
 * rises in a dungeon players frequent; its strength tier follows the last outcomes (slain within the hour ⇒
 * stronger next time, escaped ⇒ weaker). Slaying it rewards the killer once and starts an event chain; after
 * four hours it escapes.
 *
 * @example
 * runtime.send('boss:main', { type: 'mvp_kill', player_id: 150001, map: 'gef_dun02', payload: { mvp_id: 1039 } });
 */
export interface BossContext {
  rng: number;
  tier: number;
  hotMaps: { map: string; activity: number }[];
  current: { id: string; monster_id: number; map: string; since: number } | null;
  slain: number;
  escaped: number;
}

type Ev = Delivered & Record<string, any>;
// only MVPs with a lair a stock server loads: each rises where it really spawns (facts/spawns.ts)
const lairsOf = (id: number) => mvpHomes(id).filter(isLoadedMap);
const byLevel = [...mvps].filter((m) => lairsOf(m.id).length).sort((a, b) => a.level - b.level || a.id - b.id);
/** five strength tiers over the MVP list, weakest first */
export const mvpsOfTier = (tier: number) => byLevel.slice(Math.floor(((tier - 1) / 5) * byLevel.length), Math.ceil((tier / 5) * byLevel.length));


export const bossMachine = createMachine({
  id: 'boss',
  types: {} as { context: BossContext; events: Ev; input: ActorInput },
  context: ({ input }) => ({ rng: input.seed, tier: 1, hotMaps: [], current: null, slain: 0, escaped: 0 }),
  // on creation only: a restored actor does not re-run its entry, and the runtime keeps the timer
  entry: run((ctx: BossContext) => ({ ctx, out: [timer({ id: 'rise', daily: '20:00', event: { type: 'boss.rise' } })] })),
  on: { 'world.digest': { actions: assign(({ event }) => ({ hotMaps: event.digest?.hotMaps ?? [] })) } },
  initial: 'dormant',
  states: {
    dormant: {
      on: {
        'boss.rise': {
          target: 'abroad',
          actions: run((ctx: BossContext, ev) => {
            const [mvp, r1] = pick(ctx.rng, mvpsOfTier(ctx.tier));
            const [[map], r2] = pickMapsByActivity(r1, lairsOf(mvp.id).map((name) => mapByName(name)!), ctx.hotMaps, 1);
            const [x, y, r3] = randomCell(r2, map!.name);
            const current = { id: `b${ev.meta.tick}`, monster_id: mvp.id, map: map!.name, since: ev.meta.now };
            return {
              ctx: { ...ctx, rng: r3, current },
              out: [
                spawnMonsters(map!.name, x, y, mvp.id, 1),
                announce(`${mvp.name} has risen in ${placeName(map!.name)}!`, { priority: 3 }),
                timer({ id: 'escape', delay: 4 * HOUR, event: { type: 'boss.escape', id: current.id } }),
              ],
            };
          }),
        },
      },
    },
    abroad: {
      on: {
        mvp_kill: {
          guard: ({ context, event }) => Number(event.payload?.mvp_id) === context.current?.monster_id && event.map === context.current?.map,
          target: 'dormant',
          actions: run((ctx: BossContext, ev) => {
            const boss = ctx.current!;
            const quick = ev.meta.now - boss.since <= HOUR;
            const player = Number(ev.player_id);
            return {
              ctx: { ...ctx, current: null, slain: ctx.slain + 1, tier: Math.min(5, ctx.tier + (quick ? 1 : 0)) },
              out: [
                cancelTimer('escape'),
                announce(`Player ${player} has slain the boss of ${boss.map}!`),
                reward(player, { item_id: 607, quantity: 1, zeny: 20000 * ctx.tier, base_exp: 100000 * ctx.tier }, 'boss', `boss:${boss.id}`),
                message(karmaId(player), { type: 'karma.deed', delta: 2, reason: 'slew the boss' }),
                message(SYSTEM.world, { type: 'world.note', text: `the boss of ${boss.map} fell` }),
                message(SYSTEM.chain, { type: 'chain.trigger', cause: 'boss_slain', map: boss.map }),
              ],
            };
          }),
        },
        'boss.escape': {
          guard: ({ context, event }) => event.id === context.current?.id,
          target: 'dormant',
          actions: run((ctx: BossContext) => ({
            ctx: { ...ctx, current: null, escaped: ctx.escaped + 1, tier: Math.max(1, ctx.tier - 1) },
            out: [announce(`The boss of ${ctx.current!.map} has vanished into the dark.`)],
          })),
        },
      },
    },
  },
});
