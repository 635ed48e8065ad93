/**
 * Where the world's actors live. Singletons are `kind:main` (each behaviour is its own kind, so each has its
 * own topics and admin event forms); per-entity actors are keyed by the entity (`npc:1042`, `karma:150001`).
 * `SYSTEM.<kind>` is a singleton's id, computed from its name, so a new singleton kind needs no entry here. The
 * names cannot be typed from actors/kinds.ts (the machines that use them are part of that list's type); a test
 * (actors/kinds.test.ts) checks that every `SYSTEM.<name>` written anywhere names a singleton kind of the list.
 * NPCs live in villages of {@link VILLAGE_SIZE}: neighbours are computed, never looked up, and always point at
 * the same or lower ids, so talking never creates NPCs beyond the population.
 *
 * @example
 * message(SYSTEM.economy, { type: 'market.trade', item_id: 909, price: 12, quantity: 1 });
 */
export const SYSTEM: { readonly [singletonKind: string]: string } = new Proxy(
  {},
  { get: (_, name) => (typeof name === 'string' ? `${name}:main` : undefined) },
);

export const FACTIONS = ['prontera_guard', 'geffen_magi', 'payon_archers', 'morocc_thieves'] as const;
export type Faction = (typeof FACTIONS)[number];
/** What players call each faction: quest titles, story chapters and rumours say this, never the id. */
export const FACTION_NAME: Record<Faction, string> = {
  prontera_guard: 'Prontera Guard',
  geffen_magi: 'Magi of Geffen',
  payon_archers: 'Archers of Payon',
  morocc_thieves: 'Thieves of Morroc',
};
export const factionName = (f: string): string => FACTION_NAME[f as Faction] ?? f.replaceAll('_', ' ');

export const FACTION_HOME: Record<Faction, string> = {
  prontera_guard: 'prontera',
  geffen_magi: 'geffen',
  payon_archers: 'payon',
  morocc_thieves: 'morocc',
};

export const VILLAGE_SIZE = 50;

export const npcId = (n: number): string => `npc:${n}`;
export const factionId = (f: string): string => `faction:${f}`;
export const karmaId = (playerId: number): string => `karma:${playerId}`;
export const reputationId = (playerId: number): string => `reputation:${playerId}`;
export const memoryId = (playerId: number): string => `memory:${playerId}`;

export const villageOf = (n: number): number => Math.floor(n / VILLAGE_SIZE);
export const factionOfVillage = (v: number): Faction => FACTIONS[v % FACTIONS.length]!;

/**
 * Who an NPC can meet: everyone in its own village, and — for the village's elder (member 0) — the elders of
 * the previous village and of the village at half its index, so news crosses villages both ways (chats are
 * exchanges) without ever addressing an NPC that may not exist.
 */
export function neighboursOf(n: number, population = Infinity): number[] {
  const v = villageOf(n);
  const base = v * VILLAGE_SIZE;
  const member = n - base;
  const out = [base + ((member + 1) % VILLAGE_SIZE), base + ((member + VILLAGE_SIZE - 1) % VILLAGE_SIZE), base + ((member + 7) % VILLAGE_SIZE)];
  if (member === 0 && v > 0) out.push((v - 1) * VILLAGE_SIZE, Math.floor(v / 2) * VILLAGE_SIZE);
  if (member !== 0) out.push(base);
  return [...new Set(out)].filter((x) => x !== n && x < population);
}
