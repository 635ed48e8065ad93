import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { pipelineMachine, SCHEDULE } from './pipeline.ts';
import { OUTPUT } from './kit/outputs.ts';
import { DAY, HOUR } from './kit/time.ts';

describe('pipeline', () => {
  it("arms one daily timer per slot at the mission's times", () => {
    const p = drive(pipelineMachine, 'pipeline:main');
    expect(p.outputs.map((o: any) => [o.type, o.timer.id, o.timer.daily])).toEqual([
      [OUTPUT.timer, 'problem', '00:00'], [OUTPUT.timer, 'dungeon', '00:15'], [OUTPUT.timer, 'hazard', '00:30'],
      [OUTPUT.timer, 'treasure', '01:00'], [OUTPUT.timer, 'archaeology', '02:00'], [OUTPUT.timer, 'visitor', '06:00'],
      [OUTPUT.timer, 'social', '07:00'],
    ]);
  });

  it('starting it wakes every actor that keeps time of its own', () => {
    const p = drive(pipelineMachine, 'pipeline:main');
    const out = p.send({ type: 'pipeline.start' });
    expect(out.map((o: any) => o.to)).toEqual(['world:main', 'economy:main', 'weather:main', 'worldevent:main', 'boss:main', 'arc:main', 'faction:prontera_guard', 'faction:geffen_magi', 'faction:payon_archers', 'faction:morocc_thieves']);
  });

  it('runs each slot at its agent once per day, even if the timer fires twice', () => {
    const p = drive(pipelineMachine, 'pipeline:main');
    for (const s of SCHEDULE) p.send({ type: 'pipeline.fire', slot: s.slot }, { now: 3 * DAY + HOUR });
    p.send({ type: 'pipeline.fire', slot: 'problem' }, { now: 3 * DAY + 2 * HOUR });
    p.send({ type: 'pipeline.fire', slot: 'problem' }, { now: 4 * DAY });
    expect(p.messages().map((m) => [m.to, (m.event as any).day])).toEqual([
      ...SCHEDULE.map((s) => [s.to, 3]),
      ['problem:main', 4],
    ]);
  });
});
