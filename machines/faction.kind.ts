import { mapByName } from '../facts/index.ts';
import { defineKind } from './kit/kind.ts';
import { FACTION_HOME } from './kit/ids.ts';
import { factionMachine } from './faction.ts';

const REGION_FACTION = new Map(Object.entries(FACTION_HOME).map(([faction, region]) => [region, faction]));

/** The faction whose lands a map lies in, if any. */
export function factionOfMap(map: string | undefined): string | undefined {
  const region = map ? mapByName(map)?.region : undefined;
  return region ? REGION_FACTION.get(region) : undefined;
}

/** The factions (`faction:<name>`), one per town: kills in their lands are their support. */
export const kind = defineKind({
  name: 'faction',
  ids: 'faction',
  logic: factionMachine,
  boot: true,
  routes: { monster_kill: (e) => factionOfMap(e.map) },
  examples: [{ type: 'faction.support', delta: 10 }, { type: 'faction.report' }],
  summary: (c) => c.power,
  panel: 'Faction standings',
});
