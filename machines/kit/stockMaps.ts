import { STOCK_SERVER } from '../../contract/capabilities.ts';
import { dungeons, facts, fields, towns, type MapFact } from '../../facts/index.ts';

/**
 * The maps machines may put things on: only those a stock rAthena server loads (`contract/stock-server.json`,
 * from `conf/maps_athena.conf`). The facts hold more (the map cache has maps `maps_athena.conf` comments out,
 * such as `moc_fild08`); a spawn or an NPC there fails in game.
 *
 * @example
 * const [[map], rng] = pickMapsByActivity(ctx.rng, loadedFields, ctx.hotMaps, 1);
 */
export const isLoadedMap = (name: string): boolean => Object.hasOwn(STOCK_SERVER.maps, name);

/** `[width, height]` in cells of a loaded map, or undefined. */
export const loadedMapSize = (name: string): readonly [number, number] | undefined => (isLoadedMap(name) ? STOCK_SERVER.maps[name] : undefined);

export const loadedOnly = <M extends { name: string }>(maps: readonly M[]): M[] => maps.filter((m) => isLoadedMap(m.name));

export const loadedTowns: readonly MapFact[] = loadedOnly(towns);
export const loadedFields: readonly MapFact[] = loadedOnly(fields);
export const loadedDungeons: readonly MapFact[] = loadedOnly(dungeons);
/** fields and dungeons */
export const loadedWilds: readonly MapFact[] = loadedOnly(facts.maps.filter((m) => m.kind !== 'town'));
