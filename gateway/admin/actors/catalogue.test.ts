import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACTIONS, SYSTEM, factionId } from '../../../machines/kit/ids.ts';
import { Runtime } from '../../../runtime/Runtime.ts';
import { makeHarness, tokenFor } from '../../testing/harness.ts';

/**
 * The dashboard over the world's real catalogue: every kind shows something true (a diagram or an event table),
 * and the examples its declaration offers are ones the actor handles, without dead letters.
 */
const CATALOGUE = new URL('../../../actors/catalogue.ts', import.meta.url);

/** An id of each kind to look at (the id scheme is the kind's own: singletons `main`, factions by name, players by id). */
const probeId = (kind: string) =>
  (SYSTEM as Record<string, string>)[kind] ?? (kind === 'faction' ? factionId(FACTIONS[0]) : kind === 'npc' ? 'npc:1' : `${kind}:150001`);


describe('the dashboard over the real catalogue', { timeout: 30_000 }, () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await Runtime.create({ catalogue: CATALOGUE, workers: 0, seed: 5, passivateAfterMs: 0, tickMs: 1000 });
  });
  afterAll(() => runtime?.stop());

  const gm = async () => {
    const h = makeHarness({}, { runtime, logicOf: (kind) => runtime.kinds.get(kind)?.logic });
    const auth = { authorization: `Bearer ${await tokenFor('gm')}` };
    return (path: string) => h.app.request(path, { headers: auth });
  };

  it('every registered kind has a diagram (a machine with its states) or an event table, and handles what it declares', async () => {
    const get = await gm();
    const shown: Record<string, string> = {};
    for (const kind of runtime.kinds.keys()) {
      const res = await get(`/api/v1/admin/actors/${probeId(kind)}/machine`);
      expect(res.status, kind).toBe(200);
      const body = (await res.json()) as { shape: string; nodes?: { id: string }[]; events: { type: string }[]; unhandled: string[] };
      expect(body.events.length, `${kind} has an event table`).toBeGreaterThan(0);
      if (body.shape === 'machine') expect(body.nodes!.length, `${kind} has states to draw`).toBeGreaterThan(1);
      else expect(body.nodes, `${kind} is drawn as its event table, not as a fake machine`).toBeUndefined();
      expect(body.unhandled, `${kind} declares events its logic ignores`).toEqual([]);
      shown[kind] = body.shape === 'machine' ? 'diagram' : 'event table';
    }
    expect(Object.keys(shown).sort()).toEqual([...runtime.kinds.keys()].sort());
  });

  it("each kind's declared examples, sent from the dashboard, reach a handler and leave no dead letter", async () => {
    const offenders: string[] = [];
    for (const [kind, declaration] of runtime.kinds) {
      for (const example of declaration.exampleEvents ?? []) {
        const before = runtime.deadLetters().length;
        runtime.send(probeId(kind), example, 'admin');
        for (let i = 0; i < 3; i++) await runtime.stepWorld();
        const letters = runtime.deadLetters().slice(before);
        if (letters.length) offenders.push(`${kind} ${example.type}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
