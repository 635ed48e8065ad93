import type { Sql } from 'postgres';
import { Runtime } from '../runtime/Runtime.ts';
import type { ActorDetail } from '../runtime/control.ts';
import { createFork, type ForkFrom } from './createFork.ts';
import { ForkPlace, type ForkLocation } from './ForkPlace.ts';
import { OverlayStore } from './OverlayStore.ts';
import { readInputs, type InputMark } from './InputLog.ts';
import { replayInputs } from './replayInputs.ts';

/**
 * Replay: re-run the live world from an archived checkpoint through its input log (fork/InputLog.ts) to a later
 * tick, or to the tick a journal event reached the actors, and look at any actor there. Every input goes back
 * at its place in the send order, effects are not handled (their replies are inputs, already in the log), so
 * the replayed world is the live one: its hash at the live world's next checkpoint is that checkpoint's hash.
 * Runs in a fork's place, read-only (fork/OverlayStore.ts); the place is dropped afterwards.
 *
 * @example
 * const r = await replayLive(liveSql, { checkpoint: 120, tick: 180, actors: ['boss:main'] }, { url });
 */
export interface ReplayTarget {
  checkpoint: number;
  /** stop after this tick (and the inputs sent before the next one) */
  tick?: number;
  /** stop once this journal event has been delivered */
  journalSeq?: number;
  /** stop inside `tick` at this send position (a checkpoint's own mark); default: after every input of the tick */
  n?: number;
  actors?: string[];
  seed?: number;
}

export interface ReplayResult {
  from: { tick: number; now: number };
  to: { tick: number; now: number };
  inputs: number;
  hash: string;
  actors: Record<string, ActorDetail | null>;
}

const catalogue = new URL('../actors/catalogue.ts', import.meta.url);

/** Restore a fork's start in memory and hand back its runtime and the mark its checkpoint carried. */
async function restore(place: ForkPlace, seed: number, tickMs?: number): Promise<{ runtime: Runtime; mark: InputMark | null }> {
  const world = (await place.store().loadWorld()) as { extras?: { inputs?: InputMark } } | null;
  const mark = world?.extras?.inputs ?? null;
  const runtime = await Runtime.create({
    catalogue, workers: 0, seed, store: new OverlayStore(place.store()), restore: true, tickMs: mark?.tickMs ?? tickMs ?? 1000,
    speed: 'max', passivateAfterMs: 0, snapshotEveryTicks: 1_000_000, flushEveryTicks: 1_000_000,
  });
  for (const kind of ['ai.decide', 'bridge.action', 'log']) runtime.onEffect(kind, () => {});
  return { runtime, mark };
}

/** Replay the live world from an archived checkpoint; see {@link ReplayTarget}. */
export async function replayLive(live: Sql, target: ReplayTarget, location: ForkLocation): Promise<ReplayResult> {
  const { place, info } = await createFork(live, { from: { checkpoint: target.checkpoint }, seed: target.seed }, location);
  try {
    const { runtime, mark } = await restore(place, info.seed);
    try {
      if (!mark) throw new Error(`checkpoint ${target.checkpoint} carries no input-log mark: the live world was not logging its inputs then`);
      let stopTick = target.tick;
      if (target.journalSeq !== undefined) stopTick = await tickOfEvent(live, target.journalSeq, mark);
      if (stopTick === undefined || stopTick < mark.tick) throw new Error(`replay must stop at or after the checkpoint's tick ${mark.tick}`);
      const inputs = await readInputs(live, mark, stopTick);
      const from = runtime.clock();
      await replayInputs(runtime, mark, inputs, { tick: stopTick, n: target.n });
      const actors: Record<string, ActorDetail | null> = {};
      for (const id of target.actors ?? []) actors[id] = await runtime.getActor(id);
      return { from: { tick: from.tick, now: from.now }, to: { tick: runtime.clock().tick, now: runtime.clock().now }, inputs: inputs.length, hash: await runtime.worldHash(), actors };
    } finally {
      await runtime.stop();
    }
  } finally {
    await place.close();
    await ForkPlace.drop(location, place.id);
  }
}

/** The world hash of a fork's start (a checkpoint, or a moment replayed to) as the world restored from it sees itself. */
export async function checkpointHash(live: Sql, from: ForkFrom, location: ForkLocation, seed = 1): Promise<{ tick: number; hash: string; mark: InputMark | null }> {
  const { place, info } = await createFork(live, { from, seed }, location);
  try {
    const { runtime, mark } = await restore(place, info.seed);
    try {
      return { tick: runtime.clock().tick, hash: await runtime.worldHash(), mark };
    } finally {
      await runtime.stop();
    }
  } finally {
    await place.close();
    await ForkPlace.drop(location, place.id);
  }
}

/** The tick in which a journal event reached its actors: the tick after the one its first message was sent in. */
async function tickOfEvent(live: Sql, seq: number, mark: InputMark): Promise<number> {
  const [event] = await live<{ key: string; event_type: string }[]>`select key, event_type from event_journal where seq = ${seq}`;
  if (!event) throw new Error(`no journal event ${seq}`);
  const [row] = await live<{ tick: number }[]>`select tick from input_log where from_id = 'game' and trace like ${`${event.key.replace(/[\\%_]/g, '\\$&')}:%`} and (tick > ${mark.tick} or (tick = ${mark.tick} and n >= ${mark.n})) order by tick, n limit 1`;
  if (!row) throw new Error(`journal event ${seq} (${event.event_type}) reached no actor after checkpoint tick ${mark.tick}: it was routed before it, not yet, or to no actor at all (a player_logout is routed nowhere)`);
  return row.tick + 1;
}
