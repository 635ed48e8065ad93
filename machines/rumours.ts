import { DAY } from './kit/time.ts';

/**
 * The rumours an NPC knows and passes on. Chats exchange the freshest rumours both ways, so a rumour seeded at one
 * NPC reaches the village and, through the elders, other villages over time. Pure functions over the NPC's list.
 *
 * @example
 * const rumours = learn(npc, [{ id: 'r1', text: 'an Orc Lord was seen', origin: 'npc:4', hops: 1 }], now);
 * const [sent, told] = share(npc); // the two least-told, as sent, and the list with them counted
 */
export interface Rumour {
  id: string;
  text: string;
  origin: string;
  hops: number;
  heardAt: number;
  /** how often this NPC has passed it on: the least told go first, the most told are forgotten first */
  told: number;
}

/** A rumour as it travels between NPCs. */
export type Heard = Omit<Rumour, 'heardAt' | 'told'>;

export const RUMOUR_CAP = 8;
export const MAX_HOPS = 40;
const RUMOUR_TTL = 10 * DAY;

/**
 * Learn rumours not yet known (by id) and forget stale ones; past the cap, the most-told go (ties: the oldest),
 * so a burst of fresh news cannot wipe out a rumour before it has been passed on.
 */
export function learn(ctx: { rumours: Rumour[] }, heard: readonly Heard[], now: number): Rumour[] {
  const known = new Set(ctx.rumours.map((r) => r.id));
  const fresh = heard.filter((r) => !known.has(r.id) && r.hops <= MAX_HOPS).map(({ id, text, origin, hops }) => ({ id, text, origin, hops, heardAt: now, told: 0 }));
  if (!fresh.length) return ctx.rumours;
  const all = [...fresh, ...ctx.rumours].filter((r) => now - r.heardAt < RUMOUR_TTL);
  if (all.length <= RUMOUR_CAP) return all;
  const keep = new Set([...all].sort((a, b) => a.told - b.told || b.heardAt - a.heardAt).slice(0, RUMOUR_CAP));
  return all.filter((r) => keep.has(r));
}

/** The two least-told rumours (ties: the freshest), as sent, and the rumour list with them counted as told. */
export function share(ctx: { rumours: Rumour[] }): [Heard[], Rumour[]] {
  if (!ctx.rumours.length) return [[], ctx.rumours];
  const chosen = new Set([...ctx.rumours].sort((a, b) => a.told - b.told || b.heardAt - a.heardAt).slice(0, 2));
  const sent = ctx.rumours.filter((r) => chosen.has(r)).map(({ id, text, origin, hops }) => ({ id, text, origin, hops: hops + 1 }));
  return [sent, ctx.rumours.map((r) => (chosen.has(r) ? { ...r, told: r.told + 1 } : r))];
}
