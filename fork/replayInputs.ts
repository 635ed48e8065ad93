import type { Runtime } from '../runtime/Runtime.ts';
import { SendCounter, type InputEntry, type InputMark } from './InputLog.ts';

/**
 * The heart of a replay: run a restored world tick by tick and put every logged input back at its place in the
 * send order (fork/InputLog.ts) — before the internal send that followed it live, or between ticks. A logged
 * position the replay never reaches means the world diverged, and is an error, not a silent difference.
 *
 * @example
 * await replayInputs(runtime, mark, await readInputs(liveSql, mark, 180), { tick: 180 });
 */
export async function replayInputs(runtime: Runtime, mark: InputMark, inputs: InputEntry[], stop: { tick: number; n?: number }): Promise<void> {
  const send = runtime.send.bind(runtime);
  const counter = new SendCounter();
  counter.tick = mark.tick;
  counter.n = mark.n;
  let next = 0;
  const due = () => {
    counter.sync(runtime.clock().tick);
    while (next < inputs.length) {
      const e = inputs[next]!;
      if (e.tick < counter.tick || (e.tick === counter.tick && e.n < counter.n)) throw new Error(`replay diverged: input (${e.tick}, ${e.n}) was not reached (now at ${counter.tick}, ${counter.n})`);
      if (e.tick !== counter.tick || e.n !== counter.n) return;
      if (stop.n !== undefined && e.tick === stop.tick && e.n >= stop.n) return;
      next++;
      send(e.to, e.event, e.from, e.trace);
      counter.n++;
    }
  };
  runtime.send = (to, event, from = 'external', trace) => {
    due();
    send(to, event, from, trace);
    counter.n++;
  };
  due();
  while (runtime.clock().tick < stop.tick) {
    await runtime.tick();
    due();
  }
}

