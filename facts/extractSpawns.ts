/**
 * Regenerates `facts/ro-spawns.json` from the shared rAthena spawn extract (see facts/README.md for the source):
 * the permanent renewal spawns on the maps of `ro-facts.json`, of the monsters it knows. Run by hand:
 * `node --import tsx facts/extractSpawns.ts /work/shared/data/ro-spawns.json`.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const source = process.argv[2] ?? '/work/shared/data/ro-spawns.json';
const raw = JSON.parse(readFileSync(source, 'utf8')) as { source: string; re: [string, number, number, number][] };
const known = JSON.parse(readFileSync(new URL('./ro-facts.json', import.meta.url), 'utf8')) as { maps: { name: string }[]; monsters: { id: number }[] };
const maps = new Set(known.maps.map((m) => m.name));
const monsters = new Set(known.monsters.map((m) => m.id));

const byMap: Record<string, [number, number, number][]> = {};
for (const [map, id, amount, boss] of raw.re) {
  if (!maps.has(map) || !monsters.has(id) || !(amount > 0)) continue;
  const rows = (byMap[map] ??= []);
  const same = rows.find((r) => r[0] === id && r[2] === boss);
  if (same) same[1] += amount; // one monster spawned by several lines: one row, amounts summed
  else rows.push([id, amount, boss]);
}
const sorted = Object.fromEntries(Object.keys(byMap).sort().map((m) => [m, byMap[m]!.sort((a, b) => b[1] - a[1] || a[0] - b[0])]));
const out = {
  source: 'rAthena (renewal), upstream commit efbdb674 (2026-04-02): npc/re/mobs/**/*.txt permanent spawn lines, as extracted into shared/data/ro-spawns.json; only maps and monsters of ro-facts.json; rows [monster id, amount, 1 if boss_monster], amounts of one monster summed per map',
  spawns: sorted,
};
writeFileSync(new URL('./ro-spawns.json', import.meta.url), JSON.stringify(out) + '\n');
console.log(`${Object.keys(sorted).length} maps, ${Object.values(sorted).reduce((n, r) => n + r.length, 0)} rows`);
