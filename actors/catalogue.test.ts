import { describe, expect, it } from 'vitest';
import { kinds } from './catalogue.ts';
import { KINDS } from './kinds.ts';
import { acceptsEvent, sampleIdOf } from '../machines/kit/kind.ts';
import { drive } from '../machines/kit/drive.ts';
import { parseActorId } from '../runtime/actorId.ts';
import { Runtime } from '../runtime/Runtime.ts';

describe('catalogue', () => {
  it('has one kind per behaviour, and every well-known id parses to a kind in it', () => {
    const names = kinds.map((k) => k.kind);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(KINDS.map((k) => k.name));
    for (const id of ['world:main', 'economy:main', 'faction:geffen_magi', 'npc:1042', 'karma:150001', 'reputation:150001', 'memory:150001']) {
      const parsed = parseActorId(id);
      expect(parsed, id).not.toBeNull();
      expect(names, id).toContain(parsed!.kind);
    }
  });

  it('every kind starts, takes each of its example events, and survives a snapshot round trip', () => {
    for (const kind of kinds) {
      const id = sampleIdOf(KINDS.find((k) => k.name === kind.kind)!);
      const a = drive(kind.logic, id);
      expect(kind.exampleEvents?.length, kind.kind).toBeGreaterThan(0);
      for (const e of kind.exampleEvents ?? []) a.send(e, { now: 1000 });
      for (const e of kind.exampleEvents ?? []) expect(acceptsEvent(kind.eventTypes ?? [], e.type), `${kind.kind} ${e.type}`).toBe(true);
      const copy = drive(kind.logic, id, {}, { snapshot: JSON.parse(JSON.stringify(a.actor.getPersistedSnapshot())) });
      expect(copy.context(), kind.kind).toEqual(a.context());
    }
  });

  it("the dashboard's example events, sent by an admin, leave no dead letter and break no actor", async () => {
    const runtime = await Runtime.create({ catalogue: new URL('./catalogue.ts', import.meta.url), workers: 0, seed: 3, tickMs: 60_000, startTime: Date.UTC(2026, 0, 1), speed: 'max', passivateAfterMs: 0 });
    try {
      runtime.onEffect('ai.decide', (effect, ctx) => ctx.reply({ type: 'ai.decision', requestId: (effect.request as { requestId: string }).requestId, tier: 'rules', provider: 'template', fallback: true }));
      runtime.onEffect('bridge.action', () => {});
      for (const k of KINDS) for (const e of k.examples) runtime.send(sampleIdOf(k), e, 'admin');
      for (let i = 0; i < 5; i++) await runtime.tick();
      expect(runtime.deadLetters()).toEqual([]);
      expect(runtime.stats().failures).toBe(0);
    } finally {
      await runtime.stop();
    }
  }, 60_000);
});
