import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ordinaryMonstersOn } from './spawns.ts';

/**
 * Real Ragnarok Online facts (a cited subset of rAthena's db, see facts/README.md): maps with their sizes,
 * monsters (with MVPs) and items. Loaded once, validated at this edge, then frozen: machines read it as
 * constant data, which keeps them pure.
 *
 * @example
 * import { facts, mapByName, isInsideMap } from '../facts/index.ts';
 * mapByName('prontera')?.width;           // 312
 * isInsideMap('prontera', 150, 180);      // true
 */

const MapFact = z.object({
  name: z.string().min(1),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  kind: z.enum(['town', 'field', 'dungeon']),
  region: z.string().min(1),
  minLevel: z.number().int().positive(),
  maxLevel: z.number().int().positive(),
});
const MonsterFact = z.object({
  id: z.number().int().positive(),
  aegis: z.string(),
  name: z.string(),
  level: z.number().int().positive(),
  hp: z.number().int().positive(),
  mvp: z.boolean(),
});
const ItemFact = z.object({
  id: z.number().int().positive(),
  aegis: z.string(),
  name: z.string(),
  type: z.string(),
  buy: z.number().int().nonnegative(),
});
const FactsFile = z.object({ source: z.string(), maps: z.array(MapFact), monsters: z.array(MonsterFact), items: z.array(ItemFact) });

export type MapFact = z.infer<typeof MapFact>;
export type MonsterFact = z.infer<typeof MonsterFact>;
export type ItemFact = z.infer<typeof ItemFact>;

/**
 * Items of the (renewal) extract that a pre-renewal server does not have — rAthena upstream 10494061 (2026-04-02),
 * absent from `db/pre-re/item_db_usable.yml` and `db/pre-re/item_db_etc.yml`. A real pre-renewal map-server failed
 * `give_reward` with "unknown item_id 542/543": Midgard names only items every stock server has.
 */
export const RENEWAL_ONLY_ITEMS: ReadonlySet<number> = new Set([542, 543]);

const extract = FactsFile.parse(JSON.parse(readFileSync(new URL('./ro-facts.json', import.meta.url), 'utf8')));
export const facts = Object.freeze({ ...extract, items: extract.items.filter((i) => !RENEWAL_ONLY_ITEMS.has(i.id)) });

const mapsByName = new Map(facts.maps.map((m) => [m.name, m]));
const monstersById = new Map(facts.monsters.map((m) => [m.id, m]));
const itemsById = new Map(facts.items.map((i) => [i.id, i]));

export const mapByName = (name: string): MapFact | undefined => mapsByName.get(name);
export const monsterById = (id: number): MonsterFact | undefined => monstersById.get(id);
export const itemById = (id: number): ItemFact | undefined => itemsById.get(id);

/** Cells are 0-based; rAthena rejects coordinates at or past the map's width/height. */
export function isInsideMap(map: string, x: number, y: number): boolean {
  const m = mapsByName.get(map);
  return !!m && Number.isInteger(x) && Number.isInteger(y) && x >= 0 && y >= 0 && x < m.width && y < m.height;
}

export const towns: readonly MapFact[] = facts.maps.filter((m) => m.kind === 'town');
export const fields: readonly MapFact[] = facts.maps.filter((m) => m.kind === 'field');
export const dungeons: readonly MapFact[] = facts.maps.filter((m) => m.kind === 'dungeon');
export const mvps: readonly MonsterFact[] = facts.monsters.filter((m) => m.mvp);
export const ordinaryMonsters: readonly MonsterFact[] = facts.monsters.filter((m) => !m.mvp);

/**
 * The ordinary monsters of a map: those that really spawn there (rAthena's spawn scripts, facts/spawns.ts), or
 * for a map without spawns (towns) those whose level fits its band (never empty: the nearest levels).
 */
export function monstersForMap(map: string): readonly MonsterFact[] {
  const m = mapsByName.get(map);
  if (!m) return [];
  const cached = bandCache.get(map);
  if (cached) return cached;
  const living = ordinaryMonstersOn(map);
  if (living.length) {
    bandCache.set(map, living);
    return living;
  }
  let fit = ordinaryMonsters.filter((x) => x.level >= m.minLevel && x.level <= m.maxLevel);
  if (fit.length === 0) fit = [...ordinaryMonsters].sort((a, b) => Math.abs(a.level - m.minLevel) - Math.abs(b.level - m.minLevel)).slice(0, 5);
  bandCache.set(map, fit);
  return fit;
}
const bandCache = new Map<string, readonly MonsterFact[]>();

export const healingItems: readonly ItemFact[] = facts.items.filter((i) => i.type === 'Healing');
export const etcItems: readonly ItemFact[] = facts.items.filter((i) => i.type === 'Etc');
