import { createActor, type AnyActorLogic, type AnyActorRef } from 'xstate';
import { kinds } from '../actors/catalogue.ts';
import type { ActorKind } from '../runtime/ActorKind.ts';
import type { PlainEvent } from '../runtime/messages.ts';
import { seedFor } from '../machines/kit/random.ts';
import { MINUTE } from '../machines/kit/time.ts';
import { benchNpc } from './fixtures/catalogue.ts';
import { median } from './fixtures/repetitions.ts';

/**
 * `npm run bench -- machines`: what each registered actor kind costs per event, in the main thread, without the
 * runtime around it. Every kind is driven with its own example events (the dashboard's, from its declaration),
 * round after round over `ACTORS` actors of that kind, virtual time advancing a minute per round. Two figures:
 *
 * - `hotUs`: CPU µs per event delivered to a live actor (XState `send` + the emit listener);
 * - `reviveUs`: CPU µs to put an actor to sleep and bring it back, as the host does after 30 idle ticks
 *   (`getPersistedSnapshot`, stop, `createActor` from that snapshot, `start`) — for NPCs, who wake hours apart,
 *   once for most of their events (57k revivals for 163k events in a 10k-NPC sim-day).
 *
 * Kinds are measured in one process, one after the other, with the bench fixture's two-state machine first as a
 * yardstick (`vsYardstick`: this machine is shared and noisy, so read ratios, not absolutes). CPU time, not wall
 * time, for the same reason. A kind whose actors cannot be created with a numeric key is created with `main`, as
 * singletons are. BENCH_MACHINES=npc,boss limits the kinds.
 */
const ACTORS = 200;
const ROUNDS = 40;
const REPEATS = 5;
const REVIVAL_PASSES = 5;

interface KindCost {
  kind: string;
  events: number;
  hotUs: number;
  reviveUs: number;
  /** hotUs and reviveUs over the yardstick's */
  vsYardstick?: { hot: number; revive: number };
  /** the state values seen while driving (a reducer shows one or two) */
  states: string[];
}

const keyFor = (kind: ActorKind, i: number): string => {
  try {
    make(kind, String(i + 1)).stop();
    return String(i + 1);
  } catch {
    return 'main';
  }
};

function make(kind: ActorKind, key: string, snapshot?: unknown): AnyActorRef {
  const id = `${kind.kind}:${key}`;
  const input = { id, key, seed: seedFor(42, id), now: 0, ...kind.input?.(key) };
  const actor = createActor(kind.logic as AnyActorLogic, snapshot ? { input, snapshot: snapshot as never } : { input });
  actor.on('*', sink);
  actor.start();
  return actor;
}

let emitted = 0;
const sink = () => void emitted++;

function measure(kind: ActorKind, events: PlainEvent[]): KindCost {
  const keys = Array.from({ length: ACTORS }, (_, i) => keyFor(kind, i));
  const actors = keys.map((k) => make(kind, k));
  const states = new Set<string>();
  let now = 0;
  const round = () => {
    now += MINUTE;
    for (const actor of actors) for (const e of events) actor.send({ ...e, meta: { now, from: `${kind.kind}:0`, tick: now / MINUTE } });
  };
  for (let r = 0; r < 5; r++) round(); // warm up the JIT on every path
  const hot: number[] = [];
  for (let rep = 0; rep < REPEATS; rep++) {
    const t0 = cpu();
    for (let r = 0; r < ROUNDS; r++) round();
    hot.push((cpu() - t0) / (ROUNDS * actors.length * events.length));
    for (const a of actors) states.add(JSON.stringify(a.getSnapshot().value));
  }
  const revive: number[] = [];
  for (let rep = 0; rep < REPEATS; rep++) {
    const t0 = cpu();
    // several passes per figure, so a collection landing in one pass weighs little
    for (let pass = 0; pass < REVIVAL_PASSES; pass++) {
      for (let i = 0; i < actors.length; i++) {
        const snapshot = actors[i]!.getPersistedSnapshot();
        actors[i]!.stop();
        actors[i] = make(kind, keys[i]!, snapshot);
      }
    }
    revive.push((cpu() - t0) / (REVIVAL_PASSES * actors.length));
  }
  for (const a of actors) a.stop();
  return { kind: kind.kind, events: events.length, hotUs: round2(median(hot)), reviveUs: round2(median(revive)), states: [...states] };
}

/** this process's CPU time in µs */
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
const ratio = (a: number, b: number) => Math.round((a / b) * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

export async function run() {
  const only = process.env.BENCH_MACHINES?.split(',').filter(Boolean);
  // measured before the kinds to warm XState up, and after them for the figure used (the first kind measured
  // would otherwise pay the JIT's warm-up alone)
  const yardstickKind = { kind: 'yardstick', logic: benchNpc };
  const yardstickEvents = [{ type: 'work' }, { type: 'rest' }, { type: 'heard' }];
  measure(yardstickKind, yardstickEvents);
  const costs: KindCost[] = [];
  for (const kind of kinds) {
    if (only && !only.includes(kind.kind)) continue;
    const events = kind.exampleEvents ?? [];
    if (!events.length) continue;
    try {
      costs.push(measure(kind, events));
    } catch (err) {
      console.error(`machines: ${kind.kind} could not be driven: ${(err as Error).message}`);
    }
  }
  const yardstick = measure(yardstickKind, yardstickEvents);
  for (const c of costs) c.vsYardstick = { hot: ratio(c.hotUs, yardstick.hotUs), revive: ratio(c.reviveUs, yardstick.reviveUs) };
  for (const c of [yardstick, ...costs]) {
    const vs = c.vsYardstick ? ` (${c.vsYardstick.hot}× / ${c.vsYardstick.revive}× the yardstick)` : '';
    console.log(`machines: ${c.kind.padEnd(12)} ${String(c.hotUs).padStart(6)} µs/event ${String(c.reviveUs).padStart(6)} µs/revival${vs}  states ${c.states.join(' ')}`);
  }
  return { actors: ACTORS, rounds: ROUNDS, emitted, yardstick, kinds: costs };
}
