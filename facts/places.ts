import { mapByName } from './index.ts';

/**
 * Place names as players know them: what an NPC, a quest board or a broadcast says instead of a map code
 * (`prt_fild08` → "the fields south of Prontera"). Towns by their in-game names; fields and dungeons by the
 * names the community uses for them. Midgard's own wording (rAthena has no such table); every map of
 * `ro-facts.json` gets a name, falling back to its region ("the fields around Geffen").
 *
 * @example
 * placeName('prt_fild08');   // 'the fields south of Prontera'
 * placeName('gef_dun01');    // 'the Geffen Dungeon'
 * humanise('player 150001 slew an MVP on gef_dun02'); // 'an adventurer slew an MVP in the Geffen Dungeon'
 */

const TOWNS: Record<string, string> = {
  prontera: 'Prontera', geffen: 'Geffen', payon: 'Payon', morocc: 'Morocc', alberta: 'Alberta', izlude: 'Izlude',
  aldebaran: 'Al De Baran', comodo: 'Comodo', yuno: 'Juno', amatsu: 'Amatsu', ayothaya: 'Ayothaya', einbroch: 'Einbroch',
  gonryun: 'Kunlun', hugel: 'Hugel', lighthalzen: 'Lighthalzen', louyang: 'Louyang', niflheim: 'Niflheim',
  rachel: 'Rachel', umbala: 'Umbala', veins: 'Veins',
};

/** Exact maps whose common name is well known. */
const EXACT: Record<string, string> = {
  prt_fild08: 'the fields south of Prontera',
  prt_fild05: 'the fields west of Prontera',
  prt_fild06: 'the fields east of Prontera',
  prt_fild01: 'the fields north of Prontera',
  gef_fild10: 'the Orc village fields',
  moc_fild01: 'the Sograt Desert outside Morocc',
  orcsdun01: 'the Orc Dungeon', orcsdun02: 'the Orc Dungeon depths',
  treasure01: 'the Sunken Ship', treasure02: 'the Sunken Ship hold',
  glast_01: 'Glast Heim',
};

/** Map-code prefixes → names; `{n}` becomes the floor number when the name has one. */
const PREFIX: [string, string][] = [
  ['prt_fild', 'the fields around Prontera'], ['prt_sewb', 'the Prontera Culverts'],
  ['gef_fild', 'the fields around Geffen'], ['gef_dun', 'the Geffen Dungeon'],
  ['pay_fild', 'the forests around Payon'], ['pay_dun', 'the Payon Cave'],
  ['moc_fild', 'the Sograt Desert'], ['moc_pryd', 'the Pyramids of Morocc'], ['anthell', 'the Ant Hell'],
  ['cmd_fild', 'the coast around Comodo'], ['beach_dun', 'the caves of Comodo'],
  ['mjolnir_', 'the Mjolnir Mountains'], ['mjo_dun', 'the Mjolnir coal mines'],
  ['yuno_fild', 'the plains around Juno'], ['alde_dun', 'the Clock Tower cellars'], ['c_tower', 'the Clock Tower'],
  ['iz_dun', 'the Byalan undersea caves'], ['gl_', 'Glast Heim'], ['abbey', 'the Cursed Abbey'],
  ['ein_dun', 'the Einbroch mines'], ['lhz_dun', 'the Somatology Laboratory'], ['ra_san', 'the Rachel Sanctuary'],
  ['thor_v', 'Thor\u2019s Volcano'], ['tur_dun', 'Turtle Island'],
];

const REGION_FALLBACK: Record<string, string> = { town: 'the town', field: 'the fields', dungeon: 'the dungeon' };

/** The name a player would use; an unknown code is returned as is (never an empty string). */
export function placeName(map: string): string {
  if (TOWNS[map]) return TOWNS[map]!;
  if (EXACT[map]) return EXACT[map]!;
  for (const [prefix, name] of PREFIX) if (map.startsWith(prefix)) return name;
  const fact = mapByName(map);
  if (!fact) return map;
  const region = TOWNS[fact.region] ?? fact.region;
  return `${REGION_FALLBACK[fact.kind]} near ${region}`;
}

/** The town a map belongs to, by its region ("Prontera" for `prt_fild08`), or the place name itself. */
export function townOf(map: string): string {
  const region = mapByName(map)?.region;
  return (region && TOWNS[region]) ?? TOWNS[map] ?? placeName(map);
}

const MAP_CODE = /\b[a-z]{2,}[a-z0-9]*_[a-z0-9_]+\b|\b(?:prontera|geffen|payon|morocc|alberta|izlude|aldebaran|comodo|yuno)\b/g;

/**
 * Text written for machines made readable: map codes become place names ("on prt_fild08" → "in the fields
 * south of Prontera"), and `player <id>` becomes "an adventurer", since players never see ids.
 */
export function humanise(text: string): string {
  return text
    .replace(/\bplayer \d+\b/g, 'an adventurer')
    .replace(/\bquest \d+\b/g, 'a quest')
    .replace(/\bon ([a-z]{2,}[a-z0-9]*_[a-z0-9_]+)\b/g, (_, code: string) => (mapByName(code) ? `in ${placeName(code)}` : `on ${code}`))
    .replace(MAP_CODE, (code) => (mapByName(code) ? placeName(code) : code));
}
