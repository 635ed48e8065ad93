import { createActor, type AnyActorLogic } from 'xstate';
import { DIGEST_READERS, SCHEDULE, WORLD_OF_KINDS } from '../actors/kinds.ts';
import { reducerLogic, step } from '../machines/kit/reducer.ts';
import { DAY, HOUR } from '../machines/kit/time.ts';
import { pipelineMachine } from '../machines/pipeline.ts';
import { worldMachine } from '../machines/world.ts';

/**
 * Per-event cost of the pipeline and world statecharts, against a one-line reducer measured in the same run (the
 * floor any actor pays: XState's actor send and snapshot bookkeeping). The world takes a day of game events on
 * real maps, a tenth of them on maps other agents watch; the pipeline takes every slot's firing, twice a day.
 * Extra logic may be compared in the same run: `KINDS_BENCH_EXTRA=path.ts` exporting `{ logic: {name: logic} }`.
 */
const MAPS = ['prt_fild08', 'gef_fild10', 'pay_fild01', 'moc_fild12', 'gef_dun02', 'prontera', 'geffen', 'payon', 'morocc', 'mjolnir_01'];
const GAME = ['monster_kill', 'monster_kill', 'monster_kill', 'monster_kill', 'monster_kill', 'map_change', 'player_login', 'item_drop', 'npc_interaction', 'trade_complete', 'quest_complete'];

function worldEvents(n: number) {
  const out: Record<string, unknown>[] = [
    { type: 'world.watch', map: 'prt_fild08', until: 10 * DAY, meta: { now: 0, from: 'problem:main', tick: 0 } },
    { type: 'world.watch', map: 'gef_dun02', until: 10 * DAY, meta: { now: 0, from: 'chain:main', tick: 0 } },
  ];
  for (let i = 0; i < n; i++) {
    const now = Math.floor((i / n) * DAY);
    const type = i % 997 === 0 ? 'mvp_kill' : GAME[i % GAME.length]!;
    out.push({ type, player_id: 150000 + (i % 300), map: MAPS[(i * 7) % MAPS.length], payload: { monster_id: 1002, to_map: MAPS[i % MAPS.length] }, meta: { now, from: 'game', tick: i } });
  }
  out.push({ type: 'world.digest.tick', meta: { now: DAY, from: 'clock', tick: n } });
  return out;
}

function pipelineEvents(days: number) {
  const out: Record<string, unknown>[] = [];
  for (let d = 0; d < days; d++) for (const twice of [0, 1]) for (const s of SCHEDULE) out.push({ type: 'pipeline.fire', slot: s.slot, meta: { now: d * DAY + twice * HOUR, from: 'clock', tick: d } });
  return out;
}

const floor = reducerLogic<{ n: number }>({ id: 'floor', context: () => ({ n: 0 }), on: { '*': (c) => step({ n: c.n + 1 }) } });
const floorAny = { ...floor, transition: (s: any, _e: any, scope: any) => floor.transition(s, { type: '*' } as never, scope) } as AnyActorLogic;

/** µs per event: best of `rounds` passes, each through a fresh actor. */
function cost(logic: AnyActorLogic, events: Record<string, unknown>[], rounds = 7): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const actor = createActor(logic, { input: { id: 'x:main', key: 'main', seed: 1, now: 0 } });
    let outputs = 0;
    actor.on('*', () => void outputs++);
    actor.start();
    const t0 = performance.now();
    for (const e of events) actor.send(e as never);
    const dt = performance.now() - t0;
    if (actor.getSnapshot().status !== 'active') throw new Error('the actor stopped');
    best = Math.min(best, (dt * 1000) / events.length);
  }
  return Math.round(best * 100) / 100;
}

export async function run(): Promise<object> {
  const world = worldEvents(50_000);
  const pipeline = pipelineEvents(2_000);
  const logic: Record<string, AnyActorLogic> = {
    world: worldMachine(DIGEST_READERS),
    pipeline: pipelineMachine(SCHEDULE, WORLD_OF_KINDS.timekeepers('pipeline:main')),
  };
  const extra = process.env.KINDS_BENCH_EXTRA ? ((await import(process.env.KINDS_BENCH_EXTRA)) as { logic: Record<string, AnyActorLogic> }).logic : {};
  const workload = (name: string) => (name.startsWith('pipeline') ? pipeline : world);
  const result: Record<string, { usPerEvent: number; vsFloor: number }> = {};
  const floorUs = cost(floorAny, world);
  for (const [name, l] of Object.entries({ ...logic, ...extra })) {
    const us = cost(l, workload(name));
    result[name] = { usPerEvent: us, vsFloor: Math.round((us / floorUs) * 10) / 10 };
  }
  console.log(`kinds: floor ${floorUs} µs/event; ${Object.entries(result).map(([n, r]) => `${n} ${r.usPerEvent} µs (×${r.vsFloor})`).join(', ')}`);
  return { floorUsPerEvent: floorUs, kinds: result };
}
