/**
 * Regenerates `facts/ro-facts.json` from the shared rAthena extract (see facts/README.md for the source).
 * Run by hand when the subset should change: `node --import tsx facts/extract.ts /work/shared/data/ro-world.json`.
 * The level bands and map kinds are Midgard's own annotations (rAthena's spawn files are not in the extract).
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface RawMap { name: string; width: number; height: number }
interface RawMonster { id: number; aegis: string; name: string; level: number; hp: number; race: string; element: string; size: string; mvp: boolean }
interface RawItem { id: number; aegis: string; name: string; type: string; buy: number; weight: number }

const source = process.argv[2] ?? '/work/shared/data/ro-world.json';
const raw = JSON.parse(readFileSync(source, 'utf8')) as { maps: RawMap[]; monsters: RawMonster[]; items: RawItem[] };

type Kind = 'town' | 'field' | 'dungeon';
/** [name pattern, kind, region, min level, max level] */
const MAP_GROUPS: [RegExp, Kind, string, number, number][] = [
  [/^(prontera|izlude|geffen|payon|morocc|alberta|aldebaran|comodo|yuno|lighthalzen|einbroch|hugel|rachel|veins|umbala|amatsu|gonryun|louyang|ayothaya|niflheim)$/, 'town', 'town', 1, 1],
  [/^prt_fild(0[0-9]|1[01])$/, 'field', 'prontera', 1, 25],
  [/^pay_fild(0[1-9]|1[01])$/, 'field', 'payon', 10, 35],
  [/^gef_fild(0[0-9]|1[0-4])$/, 'field', 'geffen', 15, 45],
  [/^moc_fild(0[1-9]|1[0-9])$/, 'field', 'morocc', 10, 45],
  [/^cmd_fild0[1-9]$/, 'field', 'comodo', 30, 60],
  [/^mjolnir_(0[1-9]|1[0-2])$/, 'field', 'aldebaran', 30, 60],
  [/^yuno_fild(0[1-9]|1[0-2])$/, 'field', 'yuno', 50, 85],
  [/^prt_sewb[1-4]$/, 'dungeon', 'prontera', 5, 40],
  [/^pay_dun0[0-4]$/, 'dungeon', 'payon', 15, 60],
  [/^gef_dun0[0-3]$/, 'dungeon', 'geffen', 30, 75],
  [/^moc_pryd0[1-6]$/, 'dungeon', 'morocc', 20, 75],
  [/^anthell0[12]$/, 'dungeon', 'morocc', 20, 50],
  [/^orcsdun0[12]$/, 'dungeon', 'geffen', 20, 50],
  [/^(mjo_dun0[1-3]|c_tower[1-4]|alde_dun0[1-4])$/, 'dungeon', 'aldebaran', 30, 80],
  [/^(treasure0[12]|iz_dun0[0-4])$/, 'dungeon', 'izlude', 20, 70],
  [/^(gl_(cas0[12]|church|chyard|dun0[12]|knt0[12]|prison1?|sew0[1-4]|step)|glast_01)$/, 'dungeon', 'glast', 50, 90],
  [/^(tur_dun0[1-6]|lhz_dun0[1-4]|ein_dun0[12]|abbey0[1-3]|thor_v0[1-3]|ra_san0[1-5]|beach_dun[23]?)$/, 'dungeon', 'far', 50, 99],
];

const maps = raw.maps.flatMap((m) => {
  const group = MAP_GROUPS.find(([re]) => re.test(m.name));
  if (!group) return [];
  const [, kind, region, minLevel, maxLevel] = group;
  return [{ name: m.name, width: m.width, height: m.height, kind, region: kind === 'town' ? m.name : region, minLevel, maxLevel }];
});

const ordinary = (m: RawMonster) => !/^(G_|E_|EVENT|C[1-5]_|MD_|TW_|BS_|ILL_|I_|A_)/.test(m.aegis) && !/[(!]/.test(m.name);
const monsters = raw.monsters
  .filter((m) => ordinary(m) && ((!m.mvp && m.id >= 1001 && m.id <= 1300 && m.level <= 99) || (m.mvp && m.id < 2000)))
  .map((m) => ({ id: m.id, aegis: m.aegis, name: m.name, level: m.level, hp: m.hp, mvp: m.mvp }));

const items = raw.items
  .filter((i) => (i.type === 'Healing' && i.id >= 501 && i.id <= 620 && i.buy > 0) || (i.type === 'Etc' && i.id >= 900 && i.id <= 1100 && i.buy > 0) || (i.type === 'Usable' && i.id >= 600 && i.id <= 620 && i.buy > 0))
  .map((i) => ({ id: i.id, aegis: i.aegis, name: i.name, type: i.type, buy: i.buy }));

const out = {
  source: 'rAthena (renewal) db, upstream commit efbdb674 (2026-04-02): db/map_cache.dat + db/re/map_cache.dat, db/re/mob_db.yml, db/re/item_db_usable.yml, db/re/item_db_etc.yml — a subset; kind/region/level bands are Midgard annotations',
  maps,
  monsters,
  items,
};
writeFileSync(new URL('./ro-facts.json', import.meta.url), JSON.stringify(out) + '\n');
console.log(`maps ${maps.length}, monsters ${monsters.length} (mvp ${monsters.filter((m) => m.mvp).length}), items ${items.length}`);
