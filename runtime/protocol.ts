import type { Output, Delivered } from './messages.ts';
import type { Transition } from './control.ts';
import type { Mail } from './hostProtocol.ts';

/**
 * What an ActorHost is handed and gives back for one actor: its mail of one tick, how to rebuild the actor when
 * it is not resident, and what it did. The shard host (ShardHost.ts) speaks this to its ActorHost; what crosses
 * threads is in hostProtocol.ts.
 */

/**
 * Mail i of a batch as its actor receives it: the event stamped with `meta`. Consecutive events from one sender
 * share their `meta` object. Copied with Object.assign, not `{ ...event, meta }`: V8 takes a slow path for that
 * spread over events of varied shapes (measured ~450 ns against ~30 ns an event: a tenth of what XState itself
 * spends on one).
 */
export function delivered(batch: ActorBatch, i: number, previous?: Delivered): Delivered {
  const mail = batch.mail[i]!;
  const from = mail[2];
  const meta = previous && previous.meta.from === from ? previous.meta : { now: batch.now, tick: batch.tick, from };
  const event = Object.assign({}, mail[1]) as Delivered;
  event.meta = meta;
  return event;
}

/** Deliveries for one actor in one tick: its mail as queued (the host reads the event and sender of each). */
export interface ActorBatch {
  id: string;
  tick: number;
  now: number;
  mail: readonly Mail[];
  /** when the actor is not resident in the host: its last snapshot (null = brand new) */
  restore?: { snapshot: unknown | null };
  /** record transitions (inspection / step) */
  inspect?: boolean;
}

/** What one actor did with its batch. */
export interface ActorResult {
  /** how many of the batch's events were processed (all of them unless the actor failed) */
  delivered: number;
  outputs: Output[];
  /** ends[i] = outputs.length after event i: which event produced which output (traces derive from it) */
  ends: number[];
  /** flattened state value, when it differs from the one last reported */
  state?: string;
  failure?: { index: number; error: string };
  transitions?: Transition[];
}
