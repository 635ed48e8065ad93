import type { Sql } from 'postgres';
import { Runtime } from '../runtime/Runtime.ts';
import type { ForkPlace } from './ForkPlace.ts';
import { journalKeyOf, readInputs, type InputMark } from './InputLog.ts';
import { replayInputs } from './replayInputs.ts';

/**
 * A fork from a moment between two checkpoints: the copied checkpoint is brought forward to that moment by
 * replaying the live world's inputs (fork/replayInputs.ts), written into the fork's own place, and the fork's
 * journal is cut where the replay stopped — the events after it reached the live world after that moment.
 * Without an input log (a checkpoint taken before the live world logged), the fork starts at the checkpoint.
 *
 * @example
 * const moved = await replayToTime(liveSql, place, Date.parse('2026-01-03T18:00Z'), seed);
 */
export interface ReplayedTo {
  tick: number;
  now: number;
  inputs: number;
  /** the last journal event the replay delivered (the fork's journal ends there) */
  journalSeq: number;
}

const catalogue = new URL('../actors/catalogue.ts', import.meta.url);

export async function replayToTime(live: Sql, place: ForkPlace, at: number, seed: number): Promise<ReplayedTo | null> {
  const world = (await place.store().loadWorld()) as { now: number; extras?: { inputs?: InputMark; journalSeq?: number } } | null;
  const mark = world?.extras?.inputs;
  if (!world || !mark || at <= world.now) return null;
  // inputs are logged at each checkpoint: past the live world's newest one the log is not complete yet
  const target = mark.tick + Math.floor((at - world.now) / mark.tickMs);
  const inputs = await readInputs(live, mark, target);
  // the events delivered by then: every game input's trace starts with its journal key
  const keys = [...new Set(inputs.filter((i) => i.from === 'game').map(journalKeyOf).filter((k): k is string => k !== null))];
  const [row] = keys.length ? await live<{ seq: number | null }[]>`select max(seq) as seq from event_journal where key in ${live(keys)}` : [{ seq: null }];
  const journalSeq = Math.max(world.extras?.journalSeq ?? 0, row?.seq ?? 0);
  const runtime = await Runtime.create({
    catalogue, workers: 0, seed, store: place.store(), restore: true, tickMs: mark.tickMs, speed: 'max',
    passivateAfterMs: 0, snapshotEveryTicks: 1_000_000, flushEveryTicks: 1_000_000,
    checkpointExtras: () => ({ ...(world.extras ?? {}), journalSeq, inputs: undefined }),
  });
  try {
    for (const kind of ['ai.decide', 'bridge.action', 'log']) runtime.onEffect(kind, () => {});
    await replayInputs(runtime, mark, inputs, { tick: target });
  } finally {
    await runtime.stop(); // the last checkpoint: the world at `at`, in the fork's place
  }
  await place.sql`delete from event_journal where seq > ${journalSeq}`;
  await place.sql`update counters set value = ${journalSeq} where name in ('event_journal', 'journal_applied')`;
  const clock = runtime.clock();
  return { tick: clock.tick, now: clock.now, inputs: inputs.length, journalSeq };
}
