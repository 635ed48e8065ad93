import { createMachine } from 'xstate';
import { run } from './kit/run.ts';
import type { ActorInput } from './kit/input.ts';
import { cancelTimer, message, timer, type Delivered, type Output } from './kit/outputs.ts';
import { announce, randomCell, reward, spawnMonsters, unwatchMap, watchMap } from './kit/actions.ts';
import { isLoadedMap } from './kit/stockMaps.ts';
import { pick } from './kit/random.ts';
import { SYSTEM } from './kit/ids.ts';
import { HOUR } from './kit/time.ts';
import { healingItems, mapByName, monstersForMap } from '../facts/index.ts';

/**
 * The EventChain agent (`chain:main`): consequences that unfold in steps. A slain boss provokes the cult's
 * retaliation; a failed problem drives the beasts to grow bolder. Each step spawns real monsters on the map
 * and must be answered with enough kills before its deadline; finishing the chain rewards the three most
 * active players, failing a step ends the chain in a world event (a blood moon).
 *
 * @example
 * runtime.send('chain:main', { type: 'chain.trigger', cause: 'boss_slain', map: 'gef_dun02' });
 */
export interface ChainStep {
  text: (map: string) => string;
  amount: number;
  needKills: number;
  hours: number;
}

export const CHAINS: Record<string, ChainStep[]> = {
  boss_slain: [
    { text: (m) => `Cultists gather on ${m} to avenge their master.`, amount: 6, needKills: 12, hours: 24 },
    { text: (m) => `The cult's zealots swarm ${m}!`, amount: 10, needKills: 20, hours: 24 },
    { text: (m) => `The cult's high priest walks ${m}. End this!`, amount: 4, needKills: 8, hours: 12 },
  ],
  problem_failed: [
    { text: (m) => `Emboldened beasts roam ${m}.`, amount: 8, needKills: 15, hours: 24 },
    { text: (m) => `The pack leaders of ${m} show themselves.`, amount: 4, needKills: 8, hours: 24 },
  ],
};

export interface ChainContext {
  rng: number;
  chain: { cause: string; map: string; step: number; kills: number; participants: Record<string, number>; id: string } | null;
  completed: number;
  failed: number;
  ignored: number;
}

type Ev = Delivered & Record<string, any>;

function beginStep(ctx: ChainContext, now: number): { ctx: ChainContext; out: Output[] } {
  const c = ctx.chain!;
  const def = CHAINS[c.cause]![c.step]!;
  const [monster, r1] = pick(ctx.rng, monstersForMap(c.map));
  const [x, y, r2] = randomCell(r1, c.map);
  return {
    ctx: { ...ctx, rng: r2, chain: { ...c, kills: 0 } },
    out: [
      announce(def.text(c.map), { target_map: c.map, priority: 2 }),
      spawnMonsters(c.map, x, y, monster.id, def.amount),
      timer({ id: 'chain.deadline', at: now + def.hours * HOUR, event: { type: 'chain.deadline', id: c.id, step: c.step } }),
      watchMap(c.map, now + def.hours * HOUR),
    ],
  };
}

export const chainMachine = createMachine({
  id: 'chain',
  types: {} as { context: ChainContext; events: Ev; input: ActorInput },
  context: ({ input }) => ({ rng: input.seed, chain: null, completed: 0, failed: 0, ignored: 0 }),
  initial: 'idle',
  states: {
    idle: {
      on: {
        'chain.trigger': {
          guard: ({ event }) => !!CHAINS[event.cause] && !!mapByName(String(event.map)) && isLoadedMap(String(event.map)) && monstersForMap(String(event.map)).length > 0,
          target: 'active',
          actions: run((ctx: ChainContext, ev) => beginStep({ ...ctx, chain: { cause: ev.cause, map: ev.map, step: 0, kills: 0, participants: {}, id: `${ev.cause}@${ev.meta.tick}` } }, ev.meta.now)),
        },
      },
    },
    active: {
      on: {
        'chain.trigger': { actions: run((ctx: ChainContext) => ({ ctx: { ...ctx, ignored: ctx.ignored + 1 }, out: [] })) },
        monster_kill: [
          {
            guard: ({ context, event }) => event.map === context.chain!.map && context.chain!.kills + 1 >= CHAINS[context.chain!.cause]![context.chain!.step]!.needKills && context.chain!.step + 1 >= CHAINS[context.chain!.cause]!.length,
            target: 'idle',
            actions: run((ctx: ChainContext, ev) => {
              const c = ctx.chain!;
              const participants: Record<string, number> = { ...c.participants, [ev.player_id]: (c.participants[ev.player_id] ?? 0) + 1 };
              const top = Object.entries(participants).sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0])).slice(0, 3);
              return {
                ctx: { ...ctx, chain: null, completed: ctx.completed + 1 },
                out: [
                  cancelTimer('chain.deadline'),
                  unwatchMap(c.map),
                  announce(`Peace returns to ${c.map}. Heroes: ${top.map(([p]) => p).join(', ')}.`),
                  ...top.map(([p]) => reward(Number(p), { item_id: healingItems[1]!.id, quantity: 10, zeny: 10000, base_exp: 50000 }, 'chain', `chain:${c.id}`)),
                  message(SYSTEM.world, { type: 'world.note', text: `the ${c.cause.replace('_', ' ')} chain on ${c.map} was ended by players` }),
                ],
              };
            }),
          },
          {
            guard: ({ context, event }) => event.map === context.chain!.map && context.chain!.kills + 1 >= CHAINS[context.chain!.cause]![context.chain!.step]!.needKills,
            actions: run((ctx: ChainContext, ev) => {
              const c = ctx.chain!;
              const participants: Record<string, number> = { ...c.participants, [ev.player_id]: (c.participants[ev.player_id] ?? 0) + 1 };
              const next = beginStep({ ...ctx, chain: { ...c, participants, step: c.step + 1 } }, ev.meta.now);
              return { ctx: next.ctx, out: [cancelTimer('chain.deadline'), ...next.out] };
            }),
          },
          {
            guard: ({ context, event }) => event.map === context.chain!.map,
            actions: run((ctx: ChainContext, ev) => {
              const c = ctx.chain!;
              return { ctx: { ...ctx, chain: { ...c, kills: c.kills + 1, participants: { ...c.participants, [ev.player_id]: (c.participants[ev.player_id] ?? 0) + 1 } } }, out: [] };
            }),
          },
        ],
        'chain.deadline': {
          guard: ({ context, event }) => event.id === context.chain?.id && event.step === context.chain?.step,
          target: 'idle',
          actions: run((ctx: ChainContext) => ({
            ctx: { ...ctx, chain: null, failed: ctx.failed + 1 },
            out: [
              unwatchMap(ctx.chain!.map),
              announce(`Nobody stood against it: darkness spreads from ${ctx.chain!.map}.`),
              message(SYSTEM.worldevent, { type: 'worldevent.trigger', event: 'blood_moon' }),
              message(SYSTEM.world, { type: 'world.note', text: `the ${ctx.chain!.cause.replace('_', ' ')} chain on ${ctx.chain!.map} ended in darkness` }),
            ],
          })),
        },
      },
    },
  },
});
