import { createMachine } from 'xstate';
import { run, update } from './kit/run.ts';
import type { ActorInput } from './kit/input.ts';
import { cancelTimer, message, timer, type Delivered, type Output } from './kit/outputs.ts';
import { announce, mapFlag, randomCell, reward, spawnMonsters, unwatchMap, watchMap } from './kit/actions.ts';
import { pick, randomInt } from './kit/random.ts';
import { pickMapsByActivity } from './kit/weighted.ts';
import { SYSTEM, karmaId, npcId } from './kit/ids.ts';
import { HOUR, MINUTE, startOfDay } from './kit/time.ts';
import { healingItems, monstersForMap } from '../facts/index.ts';
import { loadedFields as fields } from './kit/stockMaps.ts';

/**
 * The Problem agent (`problem:main`): at 00:00 one world problem on a map players frequent — an invasion,
 * bandits, a plague or a shortage — broadcast to all. Players solve it by hunting on that map before 23:30;
 * the top helpers are rewarded, the world and the NPCs (by rumour) hear how it ended, an unsolved one fails.
 * In game: an invasion or bandits are real monsters spawned on the map; a plague sets rAthena's `nomobloot` (the
 * tainted beasts drop nothing) until it ends; a shortage is the economy's (demand for healing items).
 *
 * Modes: `quiet` (no problem open) and `open` (one problem, counting kills on its map). It leaves `open` solved
 * (enough kills) or failed (the deadline, or the next day's problem arriving first); a problem's outcome is
 * counted in `solved` / `failed`.
 *
 * @example
 * runtime.send('problem:main', { type: 'pipeline.run', slot: 'problem', day: 3 });
 */
export type ProblemKind = 'invasion' | 'bandits' | 'plague' | 'shortage';
export interface OpenProblem {
  id: string;
  kind: ProblemKind;
  map: string;
  kills: number;
  threshold: number;
  participants: Record<string, number>;
}
export interface ProblemContext {
  rng: number;
  hotMaps: { map: string; activity: number }[];
  open: OpenProblem | null;
  solved: number;
  failed: number;
}

const KINDS: ProblemKind[] = ['invasion', 'bandits', 'plague', 'shortage'];
const TEXT: Record<ProblemKind, (map: string) => string> = {
  invasion: (m) => `Monsters pour out of the wilds onto ${m}! Adventurers, drive them back!`,
  bandits: (m) => `Bandits raid the roads of ${m}. The guard asks for help.`,
  plague: (m) => `A sickness spreads on ${m}. Cull the tainted beasts to stop it.`,
  shortage: (m) => `Supplies run short; hunters on ${m} can bring relief.`,
};

function close(ctx: ProblemContext, p: OpenProblem, solved: boolean): Output[] {
  const out: Output[] = [cancelTimer('deadline'), unwatchMap(p.map)];
  if (p.kind === 'plague') out.push(mapFlag(p.map, 'nomobloot', false));
  const top = Object.entries(p.participants).sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0])).slice(0, 3);
  if (solved) {
    out.push(announce(`The ${p.kind} on ${p.map} is over. Thanks to ${top.length} brave adventurers!`));
    top.forEach(([player], i) => {
      out.push(reward(Number(player), { item_id: healingItems[i % healingItems.length]!.id, quantity: 5, zeny: 5000 - i * 1000, base_exp: 10000 }, 'problem', `problem:${p.id}`));
      out.push(message(karmaId(Number(player)), { type: 'karma.deed', delta: 3, reason: `solved ${p.id}` }));
    });
  } else {
    out.push(announce(`Nobody answered the call: the ${p.kind} on ${p.map} leaves its scars.`));
  }
  const verdict = solved ? 'was beaten back' : 'ravaged';
  out.push(
    message(SYSTEM.world, { type: 'world.note', text: `the ${p.kind} on ${p.map} ${verdict}` }),
    message(SYSTEM.world, { type: 'world.participation', map: p.map, count: Object.keys(p.participants).length }),
    message(npcId(0), { type: 'rumour.seed', id: `problem-${p.id}`, text: `the ${p.kind} on ${p.map} ${verdict}` }),
  );
  if (!solved) out.push(message(SYSTEM.chain, { type: 'chain.trigger', cause: 'problem_failed', map: p.map }));
  return out;
}

type Ev = Delivered & Record<string, any>;

/** A new problem on a busy field: announced, made real in game, with its deadline at 23:30. */
function strike(ctx: ProblemContext, ev: Ev): { ctx: ProblemContext; out: Output[] } {
  const out: Output[] = [];
  const [[map], r1] = pickMapsByActivity(ctx.rng, fields, ctx.hotMaps, 1);
  const [kind, r2] = pick(r1, KINDS);
  const [threshold, r3] = randomInt(r2, 15, 30);
  let rng = r3;
  const id = `${ev.day ?? 0}-${kind}`;
  out.push(announce(TEXT[kind](map!.name), { priority: 2 }));
  if (kind === 'invasion' || kind === 'bandits') {
    for (let i = 0; i < 3; i++) {
      const [monster, ra] = pick(rng, monstersForMap(map!.name));
      const [x, y, rb] = randomCell(ra, map!.name);
      rng = rb;
      out.push(spawnMonsters(map!.name, x, y, monster.id, kind === 'invasion' ? 8 : 4));
    }
  } else if (kind === 'plague') {
    out.push(mapFlag(map!.name, 'nomobloot', true));
  } else {
    out.push(message(SYSTEM.economy, { type: 'economy.shock', item_id: healingItems[0]!.id, quantity: 200 }));
  }
  const deadline = startOfDay(ev.meta.now) + 23 * HOUR + 30 * MINUTE;
  out.push(timer({ id: 'deadline', at: deadline, event: { type: 'problem.deadline', id } }), watchMap(map!.name, deadline));
  out.push(message(SYSTEM.world, { type: 'world.note', text: `a ${kind} struck ${map!.name}` }));
  return { ctx: { ...ctx, rng, open: { id, kind, map: map!.name, kills: 0, threshold, participants: {} } }, out };
}

/** A kill on the problem's map, by whom. */
const counted = (p: OpenProblem, player: string): OpenProblem => ({ ...p, kills: p.kills + 1, participants: { ...p.participants, [player]: (p.participants[player] ?? 0) + 1 } });

const onItsMap = ({ context, event }: { context: ProblemContext; event: Ev }) => event.map === context.open!.map;
const lastNeeded = ({ context }: { context: ProblemContext }) => context.open!.kills + 1 >= context.open!.threshold;

const fail = (ctx: ProblemContext): { ctx: ProblemContext; out: Output[] } => ({ ctx: { ...ctx, open: null, failed: ctx.failed + 1 }, out: close(ctx, ctx.open!, false) });

export const problemMachine = createMachine({
  id: 'problem',
  types: {} as { context: ProblemContext; events: Ev; input: ActorInput },
  context: ({ input }) => ({ rng: input.seed, hotMaps: [], open: null, solved: 0, failed: 0 }),
  on: {
    'world.digest': { actions: update((ctx: ProblemContext, ev) => ({ ...ctx, hotMaps: ev.digest?.hotMaps ?? [] })) },
  },
  initial: 'quiet',
  states: {
    quiet: {
      on: { 'pipeline.run': { target: 'open', actions: run(strike) } },
    },
    open: {
      on: {
        // a new day's problem while yesterday's is still open: the old one failed
        'pipeline.run': {
          actions: run((ctx: ProblemContext, ev) => {
            const failed = fail(ctx);
            const next = strike(failed.ctx, ev);
            return { ctx: next.ctx, out: [...failed.out, ...next.out] };
          }),
        },
        monster_kill: [
          {
            guard: (a) => onItsMap(a) && lastNeeded(a),
            target: 'quiet',
            actions: run((ctx: ProblemContext, ev) => ({ ctx: { ...ctx, open: null, solved: ctx.solved + 1 }, out: close(ctx, counted(ctx.open!, String(ev.player_id)), true) })),
          },
          { guard: onItsMap, actions: update((ctx: ProblemContext, ev) => ({ ...ctx, open: counted(ctx.open!, String(ev.player_id)) })) },
        ],
        'problem.deadline': { guard: ({ context, event }) => context.open!.id === event.id, target: 'quiet', actions: run(fail) },
      },
    },
  },
});
