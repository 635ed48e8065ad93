import { reducerLogic, step } from './kit/reducer.ts';
import { cancelTimer, message, timer, type Output } from './kit/outputs.ts';
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
export interface ProblemContext extends Record<string, unknown> {
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

export const problemMachine = reducerLogic<ProblemContext>({
  id: 'problem',
  context: (input) => ({ rng: input.seed, hotMaps: [], open: null, solved: 0, failed: 0 }),
  on: {
    'world.digest': (ctx, ev) => step({ ...ctx, hotMaps: (ev.digest as any).hotMaps ?? [] }),
    'pipeline.run': (ctx, ev) => {
      let out: Output[] = [];
      let base = ctx;
      if (ctx.open) {
        out = close(ctx, ctx.open, false);
        base = { ...ctx, open: null, failed: ctx.failed + 1 };
      }
      const [[map], r1] = pickMapsByActivity(base.rng, fields, base.hotMaps, 1);
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
      return step({ ...base, rng, open: { id, kind, map: map!.name, kills: 0, threshold, participants: {} } }, out);
    },
    monster_kill: (ctx, ev) => {
      const p = ctx.open;
      if (!p || ev.map !== p.map) return undefined;
      const player = String(ev.player_id);
      const next = { ...p, kills: p.kills + 1, participants: { ...p.participants, [player]: (p.participants[player] ?? 0) + 1 } };
      if (next.kills < next.threshold) return step({ ...ctx, open: next });
      return step({ ...ctx, open: null, solved: ctx.solved + 1 }, close(ctx, next, true));
    },
    'problem.deadline': (ctx, ev) => {
      if (!ctx.open || ctx.open.id !== ev.id) return undefined;
      return step({ ...ctx, open: null, failed: ctx.failed + 1 }, close(ctx, ctx.open, false));
    },
  },
});
