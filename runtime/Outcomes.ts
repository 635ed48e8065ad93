import type { ActorResult } from './protocol.ts';
import type { Output, PlainEvent } from './messages.ts';
import type { EffectBus } from './EffectBus.ts';
import type { World } from './World.ts';
import type { Router } from './Router.ts';
import type { Activation, Planned } from './Activation.ts';
import { traceOf } from './actorId.ts';

/** Send an event as an input of the world (effect replies come back this way). */
export type Send = (to: string, event: PlainEvent, from: string, trace: string) => void;

/**
 * What a tick's deliveries lead to, applied in global delivery order — the only place world-visible
 * consequences happen: messages queue for the next tick, effects go to their handlers, timers to the wheel,
 * failures to supervision.
 */
export class Outcomes {
  constructor(
    private readonly world: World,
    private readonly router: Router,
    private readonly activation: Activation,
    private readonly effects: EffectBus,
    private readonly send: Send,
  ) {}

  apply(plan: Planned[], results: ActorResult[]): void {
    const { table, counters, inspector, time } = this.world;
    for (const p of plan) {
      const r = results[p.batch.order];
      if (!r) continue;
      const { id, record, envelopes } = p;
      if (p.batch.restore) counters.activations++;
      if (r.delivered) {
        const { chunk } = p.batch;
        (record.since ??= []).push(r.delivered === chunk.events.length ? chunk : { ...chunk, events: chunk.events.slice(0, r.delivered), from: chunk.from.slice(0, r.delivered) });
      }
      counters.eventsDelivered += r.delivered;
      if (r.state !== undefined) record.state = r.state;
      table.markActive(id, record, time.now);
      // An output's trace = its event's trace + its index among that event's outputs: independent of batching.
      let eventIndex = 0;
      r.outputs.forEach((output, k) => {
        while (eventIndex < r.ends.length - 1 && k >= r.ends[eventIndex]!) eventIndex++;
        const first = eventIndex === 0 ? 0 : r.ends[eventIndex - 1]!;
        this.carryOut(id, output, traceOf(envelopes[eventIndex]?.trace ?? id, id, k - first));
      });
      for (const t of r.transitions ?? []) inspector.record(t);
      if (r.failure) {
        this.activation.fail(id, record, r.failure.error, envelopes[r.failure.index] ?? null);
        table.requeue(id, record, envelopes.slice(r.failure.index + 1));
      }
    }
  }

  private carryOut(actorId: string, output: Output, trace: string): void {
    const world = this.world;
    switch (output.type) {
      case 'midgard.send': {
        const target = this.router.recordFor(output.to);
        if (!target || !output.event?.type) return world.deadLetter(actorId, output.event ?? { type: '?' }, `cannot deliver to '${output.to}'`);
        world.counters.messagesSent++;
        world.table.enqueue({ to: output.to, event: output.event, from: actorId, seq: world.nextSeq(), trace }, target);
        return;
      }
      case 'midgard.publish':
        world.counters.messagesSent++;
        for (const id of this.router.subscribers(output.topic)) {
          if (id !== actorId) world.table.enqueue({ to: id, event: output.event, from: actorId, seq: world.nextSeq(), trace: traceOf(trace, id) }, world.table.get(id)!);
        }
        return;
      case 'midgard.effect':
        world.counters.effectsEmitted++;
        this.effects.dispatch(output.effect, {
          id: `${actorId}/${trace}`,
          actorId,
          tick: world.time.tick,
          now: world.time.now,
          reply: (event, to = actorId) => this.send(to, event, 'effect', traceOf(trace, 'reply')),
        });
        return;
      case 'midgard.timer':
        if (!world.timers.set(actorId, output.timer, world.time.now)) world.deadLetter(actorId, output.timer?.event ?? { type: '?' }, `invalid timer '${output.timer?.id}'`);
        world.table.touched.add(actorId);
        return;
      case 'midgard.timer.cancel':
        world.timers.cancel(actorId, output.id);
        world.table.touched.add(actorId);
        return;
    }
  }
}
