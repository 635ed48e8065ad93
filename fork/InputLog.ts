import { randomUUID } from 'node:crypto';
import type { Sql } from 'postgres';
import type { PlainEvent } from '../runtime/messages.ts';
import type { Runtime } from '../runtime/Runtime.ts';

/**
 * What a replay needs that the journal does not say: when each input reached the world. The live world's clock
 * runs on real time, so a journaled event, an AI answer or an admin's message lands in whichever tick is current
 * when it arrives. The log keeps every input sent from outside the actors (game events, effect replies, admin
 * sends) with its place in the world's send order — the tick, and how many sends that tick had seen — so a
 * replay puts each one back exactly where it was (fork/replay.ts) and the world comes out byte-identical.
 * Messages between actors are not logged: the replayed actors send them again.
 *
 * Wiring (app/createMidgard.ts): `inputs.attach(runtime)` after restore; the checkpoint's extras carry
 * `inputs.extras(runtime, tickMs)` (where the log stood), and `onCheckpoint` calls `inputs.persist(sql)`.
 *
 * @example
 * const inputs = new InputLog(); inputs.attach(runtime);
 */
export interface InputEntry {
  tick: number;
  /** sends (of any kind) the world had seen in this tick before this one */
  n: number;
  to: string;
  event: PlainEvent;
  from: string;
  trace: string;
}

/** Where the send order stood at a checkpoint: replay from it starts counting here. */
export interface InputMark {
  tick: number;
  n: number;
  tickMs: number;
}

type Send = Runtime['send'];

/** Counts sends per tick; the live log and the replay count the same way. */
export class SendCounter {
  tick = -1;
  n = 0;

  sync(tick: number): void {
    if (tick !== this.tick) {
      this.tick = tick;
      this.n = 0;
    }
  }

  /** A sender is an actor when its name is `kind:key` of a kind the world has; anything else is an input. */
  static isActor(from: string, kinds: Map<string, unknown>): boolean {
    const colon = from.indexOf(':');
    return colon > 0 && kinds.has(from.slice(0, colon));
  }
}

export class InputLog {
  private readonly counter = new SendCounter();
  private pending: InputEntry[] = [];

  /** Wrap the runtime's `send` (every input and every actor message goes through it) to log inputs. */
  attach(runtime: Runtime): void {
    // after a restart, count on from where the restored checkpoint stood: the inputs logged after it belong to
    // a future that was lost, and the new ones replace them
    const restored = (runtime.restoredExtras as { inputs?: InputMark } | undefined)?.inputs;
    if (restored) {
      this.counter.tick = restored.tick;
      this.counter.n = restored.n;
    }
    const send: Send = runtime.send.bind(runtime);
    runtime.send = (to, event, from = 'external', trace) => {
      this.counter.sync(runtime.clock().tick);
      const input = !SendCounter.isActor(from, runtime.kinds);
      // an input without a trace would get a random one inside: choose it here, so the log can replay it
      if (input) trace ??= randomUUID();
      send(to, event, from, trace);
      if (input) this.pending.push({ tick: this.counter.tick, n: this.counter.n, to, event: structuredClone(event), from, trace: trace! });
      this.counter.n++;
    };
  }

  /** For the checkpoint's extras: where the send order stands now. */
  extras(runtime: Runtime, tickMs: number): { inputs: InputMark } {
    this.counter.sync(runtime.clock().tick);
    return { inputs: { tick: this.counter.tick, n: this.counter.n, tickMs } };
  }

  /** Write what was logged since the last call. After a restart the new world's entries replace the old ones. */
  async persist(sql: Sql): Promise<number> {
    const rows = this.pending;
    if (!rows.length) return 0;
    this.pending = [];
    await sql`insert into input_log (tick, n, to_id, event, from_id, trace)
      select tick, n, to_id, event::json, from_id, trace
      from unnest(${rows.map((r) => r.tick)}::bigint[], ${rows.map((r) => r.n)}::int[], ${rows.map((r) => r.to)}::text[],
        ${rows.map((r) => JSON.stringify(r.event))}::text[], ${rows.map((r) => r.from)}::text[], ${rows.map((r) => r.trace)}::text[])
        as x(tick, n, to_id, event, from_id, trace)
      on conflict (tick, n) do update set to_id = excluded.to_id, event = excluded.event, from_id = excluded.from_id, trace = excluded.trace`;
    return rows.length;
  }
}


/** Inputs logged from a mark up to (and including) a tick, in send order. */
export async function readInputs(sql: Sql, from: InputMark, toTick: number): Promise<InputEntry[]> {
  const rows = await sql<{ tick: number; n: number; to_id: string; event: PlainEvent; from_id: string; trace: string }[]>`
    select tick, n, to_id, event, from_id, trace from input_log
    where (tick > ${from.tick} or (tick = ${from.tick} and n >= ${from.n})) and tick <= ${toTick} order by tick, n`;
  return rows.map((r) => ({ tick: r.tick, n: r.n, to: r.to_id, event: r.event, from: r.from_id, trace: r.trace }));
}

/**
 * The journal key of a routed game event's input: dispatchGameEvent traces each message `<key>:<to>` (or
 * `<key>:<to>:<n>` for a second message to the same actor), and keys may hold colons themselves.
 */
export function journalKeyOf(entry: Pick<InputEntry, 'trace' | 'to'>): string | null {
  const suffix = new RegExp(`:${entry.to.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?::\\d+)?$`).exec(entry.trace);
  return suffix ? entry.trace.slice(0, suffix.index) : null;
}
