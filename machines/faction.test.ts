import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { factionMachine, heraldsOf, territoryOf, type FactionContext } from './faction.ts';

describe('faction', () => {
  it('grows with kills on its territory, reports daily to the world and gossips news through its elders', () => {
    const f = drive(factionMachine, 'faction:geffen_magi');
    expect(f.value()).toBe('landless');
    const land = territoryOf('geffen_magi')[0]!;
    for (let i = 0; i < 99; i++) f.send({ type: 'monster_kill', player_id: 1, map: land });
    f.send({ type: 'monster_kill', player_id: 1, map: 'prt_fild08' });
    expect(f.context<FactionContext>().killsToday).toBe(99);
    f.send({ type: 'faction.report' }, { tick: 9 });
    // 100 + 10·log10(100) ± 5 drift, and the day's count starts over
    expect(f.context<FactionContext>().power).toBeGreaterThanOrEqual(115);
    expect(f.context<FactionContext>().power).toBeLessThanOrEqual(125);
    expect(f.context<FactionContext>().killsToday).toBe(0);
    expect(f.messages('world:main')[0]!.event).toMatchObject({ type: 'faction.power', faction: 'geffen_magi' });
    const heralds = f.messages().filter((m) => m.event.type === 'rumour.seed');
    expect(heralds.map((m) => m.to)).toEqual(heraldsOf('geffen_magi'));
    expect((heralds[0]!.event as any).text).toContain('grow stronger');
    expect(f.value()).toBe('landless'); // 115–125: not strong enough to claim a field
  });

  it('claims a field at high power, relaxes toward 100 without support, and loses its claims when weak', () => {
    const f = drive(factionMachine, 'faction:payon_archers');
    f.send({ type: 'faction.support', delta: 100 });
    f.send({ type: 'faction.report' });
    expect(f.value()).toBe('holding');
    // who holds a field is Midgard's state, told to the field's players (no invented map flag)
    expect(f.actions('set_map_flag')).toEqual([]);
    const told = () => f.actions('broadcast_message').filter((a) => a.target_map);
    const claim = { payload: { map: told()[0]!.target_map } };
    expect(territoryOf('payon_archers')).toContain(claim.payload.map);
    expect(told()[0]!.payload.message).toContain('Archers of Payon');
    for (let day = 0; day < 30; day++) f.send({ type: 'faction.report' });
    expect(Math.abs(f.context<FactionContext>().power - 100)).toBeLessThanOrEqual(17);
    const held = f.context<FactionContext>().claims;
    expect(held).toContain(claim.payload.map);
    expect(f.value()).toBe('holding'); // between the thresholds a faction keeps what it holds
    f.send({ type: 'faction.support', delta: -200 });
    f.send({ type: 'faction.report' });
    expect(f.context<FactionContext>().claims).toEqual([]);
    expect(f.value()).toBe('landless');
    const released = told().filter((a) => a.payload.message.includes('no longer')).map((a) => a.target_map);
    expect(released.sort()).toEqual([...held].sort());
  });
});
