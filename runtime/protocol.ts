import type { Output, PlainEvent, Delivered } from './messages.ts';
import type { Transition } from './control.ts';

/**
 * Every message that crosses the worker boundary, imported by both sides (Piscina's habit: one file for it).
 * A tick sends each worker ONE task holding all its actors' deliveries (a Piscina round trip is ~80 µs).
 */

export interface WorkerConfig {
  catalogueUrl: string;
  worldSeed: number;
}

/**
 * Events for one actor from one tick, as they travel: the worker stamps each with `meta` (cheaper than building
 * the objects on the main thread, and the same chunks are kept as the since-snapshot log for replays).
 */
export interface Chunk {
  now: number;
  tick: number;
  events: PlainEvent[];
  /** sender of each event */
  from: string[];
}

export const delivered = (chunk: Chunk, i: number): Delivered => ({ ...chunk.events[i]!, meta: { now: chunk.now, tick: chunk.tick, from: chunk.from[i]! } });

/** Deliveries for one actor in one tick. */
export interface ActorBatch {
  /** position in the tick's global delivery order: replies are merged by it, so worker count never matters */
  order: number;
  id: string;
  /** when the actor is not resident in the worker: its last snapshot (null = brand new) and what it saw since */
  restore?: { snapshot: unknown | null; replay: Chunk[] };
  chunk: Chunk;
  /** record transitions (inspection / step) */
  inspect?: boolean;
}

export type WorkerTask =
  /** `tick` lets even a worker with nothing to deliver let its idle actors go dormant */
  | { op: 'deliver'; incarnation: string | null; tick: number; batches: ActorBatch[]; snapshot: boolean }
  /** passivation: snapshot these actors and drop them from memory */
  | { op: 'evict'; incarnation: string | null; ids: string[] }
  /** current snapshots of some resident actors, for inspection (does not clear their dirty flag) */
  | { op: 'peek'; incarnation: string | null; ids: string[] }
  /** checkpoint: persisted snapshots of every dirty resident actor */
  | { op: 'snapshot'; incarnation: string | null }
  | { op: 'stats' };

/** One output plus where it came from inside the batch, so the main thread can order it exactly. */
export interface ActorResult {
  order: number;
  id: string;
  /** how many of the batch's events were processed (all of them unless the actor failed) */
  delivered: number;
  outputs: Output[];
  /** ends[i] = outputs.length after event i: which event produced which output (traces derive from it) */
  ends: number[];
  /** flattened state value, only when it changed */
  state?: string;
  snapshot?: unknown;
  failure?: { index: number; error: string };
  transitions?: Transition[];
}

export interface WorkerReply {
  incarnation: string;
  /** the worker is not the one the runtime expected (it was replaced): nothing was done */
  mismatch?: boolean;
  results: ActorResult[];
  snapshots?: { id: string; snapshot: unknown }[];
  resident?: number;
  /** of the resident: live XState actors, and dormant ones kept as snapshots */
  live?: number;
  dormant?: number;
  heapUsed?: number;
}

export type { PlainEvent };
