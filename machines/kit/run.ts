import { enqueueActions } from 'xstate';
import type { Delivered, Output } from './outputs.ts';

/**
 * An XState action from a pure function `(context, event) → { ctx, out }`: assigns the new context and emits
 * the outputs in order. Hand-written machines use it so their rules stay plain functions.
 *
 * @example
 * on: { 'boss.escape': { target: 'dormant', actions: run((ctx) => ({ ctx: { ...ctx, current: null }, out: [announce('gone')] })) } }
 */
// Typed loosely on purpose: XState's action generics cannot see through a generic helper; the rules are typed.
export const run = <C>(fn: (ctx: C, ev: Delivered & Record<string, any>) => { ctx: C; out: Output[] }): any =>
  enqueueActions((({ context, event, enqueue }: { context: C; event: Delivered & Record<string, any>; enqueue: any }) => {
    const r = fn(context, event);
    enqueue.assign(() => r.ctx);
    for (const o of r.out) enqueue.emit(o);
  }) as never);
