import { pickWeighted } from './random.ts';
import { mapByName, type MapFact } from '../../facts/index.ts';

/**
 * Choose `count` distinct maps from `pool`, weighted by player activity (every map keeps a floor weight so
 * quiet maps still get content now and then). Used by treasure, hazards, problems and archaeology.
 *
 * @example
 * const [maps, rng] = pickMapsByActivity(ctx.rng, fields, digest.hotMaps, 4);
 */
export function pickMapsByActivity(
  rng: number,
  pool: readonly MapFact[],
  hotMaps: readonly { map: string; activity: number }[],
  count: number,
  floor = 1,
): [MapFact[], number] {
  const activity = new Map(hotMaps.map((h) => [h.map, h.activity]));
  const left = [...pool];
  const chosen: MapFact[] = [];
  let r = rng;
  while (chosen.length < count && left.length) {
    const [m, next] = pickWeighted(r, left, (x) => floor + (activity.get(x.name) ?? 0));
    r = next;
    chosen.push(m);
    left.splice(left.indexOf(m), 1);
  }
  return [chosen, r];
}

/** Activity-weighted maps restricted to a kind, with the hot map facts resolved. */
export const mapsOfKind = (kinds: readonly MapFact['kind'][], names: readonly string[]): MapFact[] =>
  names.map((n) => mapByName(n)).filter((m): m is MapFact => !!m && kinds.includes(m.kind));
