import { createMachine } from 'xstate';
import { run, update } from './kit/run.ts';
import type { ActorInput } from './kit/input.ts';
import { timer, type Delivered, type Output } from './kit/outputs.ts';
import { npcName, randomCell, removeNpc, reward, spawnNpc } from './kit/actions.ts';
import { loadedWilds } from './kit/stockMaps.ts';
import { pick, randomInt } from './kit/random.ts';
import { pickMapsByActivity } from './kit/weighted.ts';
import { DAY } from './kit/time.ts';
import { healingItems } from '../facts/index.ts';

/**
 * The Treasure agent (`treasure:main`): at 01:00, 8–12 chests on maps weighted by yesterday's player
 * activity, each a copy of the bridge's `midgard_treasure` NPC. The first player to open one is rewarded once;
 * unopened chests are removed after a day.
 *
 * Modes: `idle` (no chest in the world) and `placed` (chests waiting to be found); each chest leaves the world
 * claimed or expired, and the last one to go makes the agent idle until the next night's chests.
 *
 * @example
 * runtime.send('treasure:main', { type: 'treasure.claim', chest: 't3_0', player_id: 150001 });
 */
export interface Chest {
  id: string;
  map: string;
  npc_name: string;
  item_id: number;
  zeny: number;
}
export interface TreasureContext {
  rng: number;
  hotMaps: { map: string; activity: number }[];
  chests: Chest[];
  placed: number;
  claimed: number;
  expired: number;
}

const OUTDOOR = loadedWilds;
export const chestName = (id: string): string => npcName('Treasure Chest', id);

type Ev = Delivered & Record<string, any>;

/** The night's chests, 8–12, with replacement: a crowded map may hold several. */
function place(ctx: TreasureContext, ev: Ev): { ctx: TreasureContext; out: Output[] } {
  const [count, r1] = randomInt(ctx.rng, 8, 12);
  let rng = r1;
  const out: Output[] = [];
  const chests = [...ctx.chests];
  for (let i = 0; i < count; i++) {
    const [[map], ra] = pickMapsByActivity(rng, OUTDOOR, ctx.hotMaps, 1, 0.5);
    const [x, y, rb] = randomCell(ra, map!.name);
    const [item, rc] = pick(rb, healingItems);
    const [zeny, rd] = randomInt(rc, 100, 2000);
    rng = rd;
    const chest: Chest = { id: `t${ev.day ?? 0}_${i}`, map: map!.name, npc_name: chestName(`t${ev.day ?? 0}_${i}`), item_id: item.id, zeny };
    chests.push(chest);
    out.push(spawnNpc(chest.map, x, y, chest.npc_name, 'midgard_treasure'), timer({ id: `chest:${chest.id}`, at: ev.meta.now + DAY, event: { type: 'treasure.expire', chest: chest.id } }));
  }
  return { ctx: { ...ctx, rng, chests, placed: ctx.placed + count }, out };
}

/** A chest leaves the world: opened by a player (rewarded once), or unopened at its expiry. */
function remove(ctx: TreasureContext, ev: Ev): { ctx: TreasureContext; out: Output[] } {
  const chest = ctx.chests.find((c) => c.id === ev.chest)!;
  const chests = ctx.chests.filter((c) => c !== chest);
  if (ev.type === 'treasure.expire') return { ctx: { ...ctx, chests, expired: ctx.expired + 1 }, out: [removeNpc(chest.map, chest.npc_name)] };
  return {
    ctx: { ...ctx, chests, claimed: ctx.claimed + 1 },
    out: [reward(Number(ev.player_id), { item_id: chest.item_id, quantity: 1, zeny: chest.zeny }, 'treasure', `chest:${chest.id}`), removeNpc(chest.map, chest.npc_name)],
  };
}

const isPlaced = ({ context, event }: { context: TreasureContext; event: Ev }) => context.chests.some((c) => c.id === event.chest);
const isLast = (a: { context: TreasureContext; event: Ev }) => isPlaced(a) && a.context.chests.length === 1;

export const treasureMachine = createMachine({
  id: 'treasure',
  types: {} as { context: TreasureContext; events: Ev; input: ActorInput },
  context: ({ input }) => ({ rng: input.seed, hotMaps: [], chests: [], placed: 0, claimed: 0, expired: 0 }),
  on: {
    'world.digest': { actions: update((ctx: TreasureContext, ev) => ({ ...ctx, hotMaps: ev.digest?.hotMaps ?? [] })) },
    'pipeline.run': { target: '.placed', actions: run(place) },
  },
  initial: 'idle',
  states: {
    idle: {},
    placed: {
      on: {
        'treasure.claim': [
          { guard: isLast, target: 'idle', actions: run(remove) },
          { guard: isPlaced, actions: run(remove) },
        ],
        'treasure.expire': [
          { guard: isLast, target: 'idle', actions: run(remove) },
          { guard: isPlaced, actions: run(remove) },
        ],
      },
    },
  },
});
