import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { monsterById, type MonsterFact } from './index.ts';

/**
 * Where monsters really live: rAthena's permanent spawns (facts/ro-spawns.json, cited in facts/README.md). Hunts,
 * quests, culls and bosses are placed from these, so players find what a quest names where it says, and an MVP
 * rises in its own lair ("Osiris in the Pyramids", never "Osiris in the Sunken Ship").
 *
 * @example
 * ordinaryMonstersOn('prt_fild08').map((m) => m.name); // ['Poring', 'Lunatic', 'Pupa', …]
 * mvpHomes(1038);                                       // ['moc_pryd04'] (Osiris)
 * huntCount('prt_fild08', 1002, 0.5);                   // a count a player would accept for that map
 */

const SpawnsFile = z.object({ source: z.string(), spawns: z.record(z.string(), z.array(z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().min(0).max(1)]))) });
const file = SpawnsFile.parse(JSON.parse(readFileSync(new URL('./ro-spawns.json', import.meta.url), 'utf8')));

/** Summoned or event-only variants (a provoked Yoyo, the META_ eggs): in the db, never a hunt target. */
const VARIANT = /^(META_|PROVOKE_|EVENT_|G_)/;

export interface Spawn {
  monster: MonsterFact;
  amount: number;
  boss: boolean;
}

// Built on first use: facts/index.ts imports this module (monstersForMap), and this one reads index's monsters.
let built: { byMap: Map<string, readonly Spawn[]>; homes: Map<number, string[]> } | null = null;
function tables() {
  if (built) return built;
  const byMap = new Map<string, readonly Spawn[]>(
    Object.entries(file.spawns).map(([map, rows]) => [
      map,
      Object.freeze(rows.flatMap(([id, amount, boss]) => {
        const monster = monsterById(id);
        return monster ? [{ monster, amount, boss: boss === 1 }] : [];
      })),
    ]),
  );
  const homes = new Map<number, string[]>();
  for (const [map, spawns] of byMap) for (const s of spawns) if (s.monster.mvp) homes.set(s.monster.id, [...(homes.get(s.monster.id) ?? []), map]);
  return (built = { byMap, homes });
}

export const spawnsOn = (map: string): readonly Spawn[] => tables().byMap.get(map) ?? [];

/** Ordinary monsters (no MVP, no boss spawn, no summoned variant) that spawn on the map, most numerous first. */
export function ordinaryMonstersOn(map: string): readonly MonsterFact[] {
  return spawnsOn(map).filter((s) => !s.boss && !s.monster.mvp && !VARIANT.test(s.monster.aegis)).map((s) => s.monster);
}

/** The maps where an MVP really spawns (its lair); empty when it has none among the known maps. */
export const mvpHomes = (mvpId: number): readonly string[] => tables().homes.get(mvpId) ?? [];

/**
 * How many of a monster a quest may ask for on a map: a share of what lives there (a tenth to a third of the
 * map's population), between 3 and 30, so a hunt never asks for 200 of something five of live there.
 * `roll` in [0, 1) picks within that range.
 */
export function huntCount(map: string, monsterId: number, roll: number): number {
  const amount = spawnsOn(map).find((s) => s.monster.id === monsterId)?.amount ?? 10;
  const lo = Math.max(3, Math.min(10, Math.round(amount / 10)));
  const hi = Math.max(lo, Math.min(30, Math.round(amount / 3)));
  return lo + Math.floor(Math.min(0.999999, Math.max(0, roll)) * (hi - lo + 1));
}

export const spawnsSource = file.source;
