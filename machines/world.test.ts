import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { worldMachine, KILL_BATCH, type WorldContext, type Digest } from './world.ts';
import { DIGEST_READERS } from '../actors/kinds.ts';
import { OUTPUT } from './kit/outputs.ts';
import { DAY } from './kit/time.ts';

// the world's own machine, built with the singletons that read its digest (actors/kinds.ts)
const machine = worldMachine(DIGEST_READERS);

describe('world', () => {
  it('arms its daily digest timer when created', () => {
    const w = drive(machine, 'world:main');
    expect(w.outputs).toEqual([{ type: OUTPUT.timer, timer: { id: 'digest', daily: '00:45', event: { type: 'world.digest.tick' } } }]);
  });

  it('ranks maps by activity, ignores unknown maps, and sends one digest to every reader', () => {
    const w = drive(machine, 'world:main');
    for (let i = 0; i < 5; i++) w.send({ type: 'monster_kill', player_id: 1, map: 'prt_fild08' });
    w.send({ type: 'mvp_kill', player_id: 2, map: 'gef_dun02' });
    w.send({ type: 'monster_kill', player_id: 3, map: 'not_a_map' });
    w.send({ type: 'faction.power', faction: 'geffen_magi', power: 120 });
    const out = w.send({ type: 'world.digest.tick' }, { now: DAY + 45 * 60_000 });
    expect(out.map((o: any) => o.to)).toEqual([...DIGEST_READERS, 'npc:0']);
    expect((out.at(-1) as any).event).toMatchObject({ type: 'rumour.seed', text: expect.stringContaining('MVP on gef_dun02') });
    const digest = (out[0] as any).event.digest as Digest;
    expect(digest.hotMaps).toEqual([{ map: 'gef_dun02', activity: 10 }, { map: 'prt_fild08', activity: 5 }]);
    expect(digest.today).toMatchObject({ kills: 6, mvpKills: 1 });
    expect(digest.factionPower).toEqual({ geffen_magi: 120 });
    expect(digest.notable[0]).toContain('MVP on gef_dun02');
  });

  it('reports kills to the economy in batches (loot reaches the market)', () => {
    const w = drive(machine, 'world:main');
    for (let i = 0; i < 2 * KILL_BATCH + 5; i++) w.send({ type: 'monster_kill', player_id: 1, map: 'prt_fild08' });
    expect(w.messages('economy:main').map((m) => m.event)).toEqual([{ type: 'market.kills', count: KILL_BATCH }, { type: 'market.kills', count: KILL_BATCH }]);
    expect(w.context<WorldContext>().unreportedKills).toBe(5);
  });

  it('halves activity each day and keeps 14 days of history', () => {
    const w = drive(machine, 'world:main');
    w.send({ type: 'mvp_kill', player_id: 2, map: 'gef_dun02' });
    for (let d = 1; d <= 20; d++) w.send({ type: 'world.digest.tick' }, { now: d * DAY });
    const ctx = w.context<WorldContext>();
    expect(ctx.history).toHaveLength(14);
    expect(ctx.activity['gef_dun02']).toBeUndefined();
  });

  it('answers queries with the current digest', () => {
    const w = drive(machine, 'world:main');
    w.send({ type: 'karma.shift', delta: -4 });
    const out = w.send({ type: 'world.query', replyTo: 'npc:3', requestId: 'q' });
    expect(out[0]).toMatchObject({ to: 'npc:3', event: { type: 'world.state', requestId: 'q', digest: { today: { karma: -4 } } } });
  });

  it('forwards game events on a watched map to its watchers until the watch ends', () => {
    const w = drive(machine, 'world:main');
    w.send({ type: 'world.watch', map: 'prt_fild08', until: 1000 }, { from: 'problem:main', now: 0 });
    w.send({ type: 'world.watch', map: 'prt_fild08', until: 500 }, { from: 'chain:main', now: 0 });
    w.send({ type: 'world.watch', map: 'atlantis', until: 500 }, { from: 'chain:main', now: 0 });
    const kill = { type: 'monster_kill', player_id: 4, map: 'prt_fild08', payload: { monster_id: 1002 } };
    expect(w.send(kill, { now: 100 })).toEqual([
      { type: OUTPUT.send, to: 'problem:main', event: kill },
      { type: OUTPUT.send, to: 'chain:main', event: kill },
    ]);
    expect(w.send(kill, { now: 600 }).map((o: any) => o.to)).toEqual(['problem:main']);
    expect(w.send({ ...kill, map: 'pay_fild01' }, { now: 100 })).toEqual([]);
    w.send({ type: 'world.unwatch', map: 'prt_fild08' }, { from: 'problem:main', now: 700 });
    expect(w.send(kill, { now: 800 })).toEqual([]);
    expect(w.context<WorldContext>().watches).toEqual({});
  });
});
