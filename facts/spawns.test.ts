import { describe, expect, it } from 'vitest';
import { monstersForMap, mvps } from './index.ts';
import { huntCount, mvpHomes, ordinaryMonstersOn, spawnsOn } from './spawns.ts';

describe('where monsters really spawn', () => {
  it('gives the ordinary monsters of a map from rAthena’s spawns, never a boss, an MVP or a summoned variant', () => {
    expect(ordinaryMonstersOn('prt_fild08').map((m) => m.name)).toEqual(['Poring', 'Fabre', 'Lunatic', 'Pupa']);
    expect(monstersForMap('prt_fild08')).toEqual(ordinaryMonstersOn('prt_fild08'));
    for (const map of ['prt_fild08', 'gef_dun02', 'moc_pryd04', 'pay_fild10']) {
      for (const m of ordinaryMonstersOn(map)) expect(m.mvp || /^(META_|PROVOKE_)/.test(m.aegis)).toBe(false);
    }
    expect(spawnsOn('nowhere')).toEqual([]);
    expect(monstersForMap('prontera').length).toBeGreaterThan(0); // towns: the level band, as before
  });

  it('knows each MVP’s lair', () => {
    expect(mvpHomes(1038)).toEqual(['moc_pryd04']); // Osiris in the Pyramids
    expect(mvpHomes(1112)).toEqual(['treasure02']); // Drake on the Sunken Ship
    expect(mvps.filter((m) => mvpHomes(m.id).length).length).toBeGreaterThanOrEqual(15);
  });

  it('asks for hunt counts a player would accept: a share of what lives on the map, 3 to 30', () => {
    expect(huntCount('prt_fild08', 1002, 0)).toBe(10);
    expect(huntCount('prt_fild08', 1002, 0.999)).toBe(30);
    for (const roll of [0, 0.5, 0.999]) {
      const n = huntCount('gef_dun02', 1046, roll);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(3);
    }
  });
});
