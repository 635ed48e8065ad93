import { ACTION_TYPES, actionTypes, type ActionType } from '../actions.ts';
import { DEFAULT_CAPABILITIES, checkAction } from '../capabilities.ts';
import { simulate } from '../../world/simulate.ts';
import { drive } from '../../machines/kit/drive.ts';
import { HOUR } from '../../machines/kit/time.ts';
import { WORLD_EVENTS, worldEventMachine, type WorldEventContext } from '../../machines/worldevent.ts';
import { hazardMachine, type HazardContext } from '../../machines/hazard.ts';
import { problemMachine } from '../../machines/problem.ts';
import { weatherMachine } from '../../machines/weather.ts';
import { karmaMachine } from '../../machines/karma.ts';
import { caravanMachine } from '../../machines/caravan.ts';
import { factionMachine } from '../../machines/faction.ts';

/**
 * The golden corpus (`contract/golden/actions.json`): one action of every shape every agent emits — a short
 * `midgard sim` plus scenarios that reach what a short sim may not (each world event, each hazard, each kind of
 * problem, a hero, a caravan, a faction's claim) — and one hand-written example per action type. A shape is the
 * agent, the action type, which target fields are set, the payload's keys, and for flags the flag and its value's
 * kind, for NPCs the template. The C++ tests replay this file through the bridge's payload parsing.
 *
 * Regenerate: `UPDATE_CONTRACT=1 npx vitest run contract/golden`.
 */
export interface GoldenAction {
  action_id: string;
  action_type: ActionType;
  target_map?: string;
  target_player_id?: number;
  priority?: number;
  payload: Record<string, unknown>;
}
type Emitted = Omit<GoldenAction, 'action_id'> & { action_id?: string };

/** One example of each action type, as a reader of the contract would write it. */
export const EXAMPLES: Record<ActionType, Emitted> = {
  spawn_monster: { action_type: 'spawn_monster', target_map: 'prontera', payload: { map: 'prontera', x: 150, y: 180, monster_id: 1002, amount: 3 } },
  spawn_npc: { action_type: 'spawn_npc', target_map: 'prt_fild08', payload: { map: 'prt_fild08', x: 170, y: 210, npc_name: 'Treasure Chest#t0_0', script: 'midgard_treasure', sprite: 1324, dir: 4 } },
  move_npc: { action_type: 'move_npc', target_map: 'prontera', payload: { map: 'prontera', npc_name: 'Astrid#d0_0', x: 156, y: 190 } },
  remove_npc: { action_type: 'remove_npc', target_map: 'prontera', payload: { map: 'prontera', npc_name: 'Astrid#d0_0' } },
  give_reward: { action_type: 'give_reward', target_player_id: 150001, payload: { player_id: 150001, item_id: 501, quantity: 3, zeny: 500, base_exp: 1000, job_exp: 0, source: 'quest', source_event: 'quest:70001' } },
  broadcast_message: { action_type: 'broadcast_message', target_player_id: 150001, payload: { message: 'The people of Midgard call you a hero.' } },
  create_quest: { action_type: 'create_quest', target_map: 'prt_fild08', payload: { quest_id: 70001, state: 'open', title: 'Hunt 12 Poring for the prontera guard', map: 'prt_fild08', monster_id: 1002, count: 12 } },
  set_map_flag: { action_type: 'set_map_flag', target_map: 'prt_fild08', payload: { map: 'prt_fild08', flag: 'bexp', value: 75 } },
  update_economy: { action_type: 'update_economy', payload: { prices: [{ item_id: 501, price: 52 }, { item_id: 909, price: 7 }] } },
};

function shapeOf(agent: string, a: Emitted): string {
  const p = a.payload;
  const extra =
    a.action_type === 'set_map_flag' ? `${String(p.flag)}=${typeof p.value}` : a.action_type === 'spawn_npc' ? `${String(p.script)}:${Object.keys((p.data as object) ?? {}).sort().join(',')}` : '';
  const targets = (['target_map', 'target_player_id', 'priority'] as const).filter((k) => a[k] !== undefined).join(',');
  return [agent, a.action_type, targets, Object.keys(p).sort().join(','), extra].join('|');
}

/** What scenarios the short sim may miss: every machine path that emits an action shape of its own. */
function scenarios(): { agent: string; actions: Emitted[] }[] {
  const out: { agent: string; actions: Emitted[] }[] = [];
  const we = drive(worldEventMachine, 'worldevent:main');
  for (const event of WORLD_EVENTS) {
    we.send({ type: 'worldevent.trigger', event }, { now: 0 });
    we.send({ type: 'worldevent.end' }, { now: we.context<WorldEventContext>().active!.until });
  }
  out.push({ agent: 'worldevent', actions: we.actions() as Emitted[] });
  for (let seed = 0; seed < 30; seed++) {
    const hz = drive(hazardMachine, 'hazard:main', {}, { seed });
    hz.send({ type: 'pipeline.run', day: 1 }, { now: 0 });
    for (const h of hz.context<HazardContext>().active) hz.send({ type: 'hazard.expire', id: h.id }, { now: h.until });
    out.push({ agent: 'hazard', actions: hz.actions() as Emitted[] });
    const pr = drive(problemMachine, 'problem:main', {}, { seed });
    pr.send({ type: 'pipeline.run', day: 1 }, { now: 0 });
    pr.send({ type: 'problem.deadline', id: (pr.context() as { open: { id: string } }).open.id }, { now: 23 * HOUR });
    out.push({ agent: 'problem', actions: pr.actions() as Emitted[] });
  }
  const w = drive(weatherMachine, 'weather:main');
  for (let i = 0; i < 100; i++) w.send({ type: 'weather.shift' });
  out.push({ agent: 'weather', actions: w.actions() as Emitted[] });
  const k = drive(karmaMachine, 'karma:150001');
  for (let i = 0; i < 12; i++) k.send({ type: 'karma.deed', delta: 5 });
  for (let i = 0; i < 12; i++) k.send({ type: 'karma.deed', delta: -20 });
  out.push({ agent: 'karma', actions: k.actions() as Emitted[] });
  const es = drive(caravanMachine, 'caravan:main');
  es.send({ type: 'market.spike', item_id: 909, price: 40, base: 20 }, { now: HOUR });
  es.send({ type: 'market.spike', item_id: 501, price: 10, base: 50 }, { now: HOUR });
  es.send({ type: 'caravan.leave', npc_name: (es.actions('spawn_npc')[0]!.payload as { npc_name: string }).npc_name }, { now: 7 * HOUR });
  out.push({ agent: 'caravan', actions: es.actions() as Emitted[] });
  const f = drive(factionMachine, 'faction:payon_archers');
  f.send({ type: 'faction.support', delta: 100 });
  f.send({ type: 'faction.report' });
  f.send({ type: 'faction.support', delta: -200 });
  f.send({ type: 'faction.report' });
  out.push({ agent: 'faction', actions: f.actions() as Emitted[] });
  return out;
}

/** Builds the corpus; throws naming the first action the contract or the default capabilities refuse. */
export async function generateGolden(): Promise<GoldenAction[]> {
  const seen = new Set<string>();
  const corpus: GoldenAction[] = [];
  const counts: Record<string, number> = {};
  const add = (agent: string, a: Emitted) => {
    const key = shapeOf(agent, a);
    if (seen.has(key)) return;
    seen.add(key);
    const n = (counts[agent] = (counts[agent] ?? 0) + 1);
    const { action_id: _ignored, ...rest } = a;
    const g = { action_id: `${agent}-${n}`, ...rest } as GoldenAction;
    const verdict = checkAction(g, DEFAULT_CAPABILITIES);
    if (!verdict.ok) throw new Error(`golden: ${agent} emits an action the game cannot run (${verdict.rule}: ${verdict.reason}): ${JSON.stringify(a)}`);
    corpus.push(g);
  };
  for (const type of actionTypes) add('example', EXAMPLES[type]);
  await simulate({
    npcs: 300, days: 3, seed: 42,
    onAction(action, refused) {
      // the anti-cheat's game rules (a second reward for one chest) are not the contract's business
      if (refused && refused.rule !== 'duplicate_reward') throw new Error(`golden: the sim emitted a refused action (${refused.rule}: ${refused.reason}): ${JSON.stringify(action)}`);
      if (!refused) add(action.action_id.slice(0, action.action_id.indexOf(':')) || 'sim', action as unknown as Emitted);
    },
  });
  for (const s of scenarios()) for (const a of s.actions) add(s.agent, a);
  return corpus;
}

/** One action a line: readable diffs, and a simple file for the C++ replay to read. */
export const formatGolden = (corpus: readonly GoldenAction[]): string => `[\n${corpus.map((a) => JSON.stringify(a)).join(',\n')}\n]\n`;

export const GOLDEN_FILE = new URL('./actions.json', import.meta.url);
export { ACTION_TYPES };
