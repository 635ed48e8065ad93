import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { factionMachine, heraldsOf, territoryOf, type FactionContext } from './faction.ts';

describe('faction', () => {
  it('grows with kills on its territory, reports daily to the world and gossips news through its elders', () => {
    const f = drive(factionMachine, 'faction:geffen_magi');
    const land = territoryOf('geffen_magi')[0]!;
    for (let i = 0; i < 100; i++) f.send({ type: 'monster_kill', player_id: 1, map: land });
    f.send({ type: 'monster_kill', player_id: 1, map: 'prt_fild08' });
    expect(f.context<FactionContext>().power).toBeCloseTo(120, 5);
    f.send({ type: 'faction.report' }, { tick: 9 });
    expect(f.messages('world:main')[0]!.event).toMatchObject({ type: 'faction.power', faction: 'geffen_magi' });
    const heralds = f.messages().filter((m) => m.event.type === 'rumour.seed');
    expect(heralds.map((m) => m.to)).toEqual(heraldsOf('geffen_magi'));
    expect((heralds[0]!.event as any).text).toContain('grow stronger');
  });

  it('claims a field at 150 power and loses its claims under 50', () => {
    const f = drive(factionMachine, 'faction:payon_archers');
    f.send({ type: 'faction.support', delta: 100 });
    f.send({ type: 'faction.report' });
    const claim = f.actions('set_map_flag')[0]!;
    expect(territoryOf('payon_archers')).toContain(claim.payload.map);
    expect(claim.payload).toMatchObject({ flag: 'faction_control', value: 'payon_archers' });
    f.send({ type: 'faction.support', delta: -200 });
    f.send({ type: 'faction.report' });
    expect(f.context<FactionContext>().claims).toEqual([]);
    expect(f.actions('set_map_flag').at(-1)!.payload).toMatchObject({ map: claim.payload.map, value: '' });
  });
});
