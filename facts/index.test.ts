import { describe, expect, it } from 'vitest';
import { facts, mapByName, monsterById, itemById, isInsideMap, monstersForMap, mvps, towns, fields, dungeons, healingItems, RENEWAL_ONLY_ITEMS } from './index.ts';

describe('facts', () => {
  it('carries real maps with their sizes, monsters with MVPs, and items', () => {
    expect(mapByName('prontera')).toMatchObject({ width: 312, height: 392, kind: 'town' });
    expect(monsterById(1002)).toMatchObject({ name: 'Poring', level: 1, mvp: false });
    expect(monsterById(1039)).toMatchObject({ name: 'Baphomet', mvp: true });
    expect(itemById(501)).toMatchObject({ name: 'Red Potion' });
    expect(towns.length).toBe(20);
    expect(fields.length).toBeGreaterThan(50);
    expect(dungeons.length).toBeGreaterThan(50);
    expect(mvps.length).toBeGreaterThan(30);
    expect(facts.source).toContain('efbdb674');
  });

  it('checks coordinates against the map (0-based, strictly inside)', () => {
    expect(isInsideMap('prontera', 0, 0)).toBe(true);
    expect(isInsideMap('prontera', 311, 391)).toBe(true);
    expect(isInsideMap('prontera', 312, 10)).toBe(false);
    expect(isInsideMap('prontera', 10, -1)).toBe(false);
    expect(isInsideMap('prontera', 1.5, 3)).toBe(false);
    expect(isInsideMap('atlantis', 1, 1)).toBe(false);
  });

  it('gives every field and dungeon ordinary monsters of a fitting level', () => {
    for (const m of [...fields, ...dungeons]) {
      const band = monstersForMap(m.name);
      expect(band.length, m.name).toBeGreaterThan(0);
      expect(band.every((x) => !x.mvp)).toBe(true);
    }
    expect(monstersForMap('prt_fild08').every((x) => x.level <= 25)).toBe(true);
    expect(monstersForMap('nowhere')).toEqual([]);
  });
});

describe('items every stock server has', () => {
  it('leaves out the renewal-only items a pre-renewal server refuses', () => {
    for (const id of RENEWAL_ONLY_ITEMS) expect(itemById(id)).toBeUndefined();
    expect(healingItems.some((i) => RENEWAL_ONLY_ITEMS.has(i.id))).toBe(false);
  });
});
