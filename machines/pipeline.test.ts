import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { pipelineMachine } from './pipeline.ts';
import { SCHEDULE, WORLD_OF_KINDS } from '../actors/kinds.ts';
import { OUTPUT } from './kit/outputs.ts';
import { DAY, HOUR } from './kit/time.ts';

// the world's own pipeline, built from the kinds' declared slots (actors/kinds.ts)
const machine = pipelineMachine(SCHEDULE, WORLD_OF_KINDS.timekeepers('pipeline:main'));

describe('pipeline', () => {
  it("arms one daily timer per slot at the mission's times", () => {
    const p = drive(machine, 'pipeline:main');
    expect(p.outputs.map((o: any) => [o.type, o.timer.id, o.timer.daily])).toEqual([
      [OUTPUT.timer, 'problem', '00:00'], [OUTPUT.timer, 'dungeon', '00:15'], [OUTPUT.timer, 'hazard', '00:30'],
      [OUTPUT.timer, 'treasure', '01:00'], [OUTPUT.timer, 'archaeology', '02:00'], [OUTPUT.timer, 'visitor', '06:00'],
      [OUTPUT.timer, 'social', '07:00'],
    ]);
  });

  it('starting it wakes every actor that keeps time of its own', () => {
    const p = drive(machine, 'pipeline:main');
    const out = p.send({ type: 'pipeline.start' });
    expect(out.map((o: any) => o.to)).toEqual(['world:main', 'economy:main', 'weather:main', 'worldevent:main', 'boss:main', 'arc:main', 'faction:prontera_guard', 'faction:geffen_magi', 'faction:payon_archers', 'faction:morocc_thieves']);
  });

  it('runs each slot at its agent once per day, even if the timer fires twice', () => {
    const p = drive(machine, 'pipeline:main');
    for (const s of SCHEDULE) p.send({ type: 'pipeline.fire', slot: s.slot }, { now: 3 * DAY + HOUR });
    p.send({ type: 'pipeline.fire', slot: 'problem' }, { now: 3 * DAY + 2 * HOUR });
    p.send({ type: 'pipeline.fire', slot: 'problem' }, { now: 4 * DAY });
    expect(p.messages().map((m) => [m.to, (m.event as any).day])).toEqual([
      ...SCHEDULE.map((s) => [s.to, 3]),
      ['problem:main', 4],
    ]);
    expect(p.context().runs).toMatchObject({ problem: 2, social: 1 });
  });

  it('ignores a slot it does not know, and shows its one mode', () => {
    const p = drive(machine, 'pipeline:main');
    expect(p.send({ type: 'pipeline.fire', slot: 'nonsense' }, { now: DAY })).toEqual([]);
    expect(p.context()).toEqual({ runs: {}, lastDay: {} });
    expect(p.value()).toBe('scheduling');
  });

  it('survives a snapshot round trip without arming its timers again', () => {
    const p = drive(machine, 'pipeline:main');
    p.send({ type: 'pipeline.fire', slot: 'hazard' }, { now: DAY });
    const copy = drive(machine, 'pipeline:main', {}, { snapshot: JSON.parse(JSON.stringify(p.actor.getPersistedSnapshot())) });
    expect(copy.outputs).toEqual([]);
    expect(copy.send({ type: 'pipeline.fire', slot: 'hazard' }, { now: DAY + HOUR })).toEqual([]);
  });
});
