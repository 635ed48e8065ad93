import type { ActorSummary, ListQuery, WorldControl } from '../../../runtime/control.ts';

/** `npc:2` before `npc:10`: kinds alphabetically, keys by their numbers where they have them. */
export const compareActorIds = new Intl.Collator('en', { numeric: true }).compare;

export interface ActorPageQuery extends Omit<ListQuery, 'q'> {
  /** matches a substring of the id or, for actors that have one, of the name (case-insensitive) */
  q?: string;
}

/**
 * One page of actors in id order (numeric keys compared as numbers), the same order on every page. The runtime
 * lists in its own order and filters `q` by id only, so the gateway takes every match of the other filters,
 * adds names, searches, sorts, then pages: linear in the matching actors (a few ms for 10k).
 *
 * @example
 * listActorPage(runtime, { q: 'alice', offset: 0, limit: 50 }, (id) => names.get(id));
 */
export function listActorPage(
  runtime: Pick<WorldControl, 'listActors'>,
  query: ActorPageQuery,
  nameOf: (id: string) => string | undefined = () => undefined,
): { total: number; items: (ActorSummary & { name?: string })[] } {
  const { q, offset = 0, limit = 50, ...filters } = query;
  const all = runtime.listActors({ ...filters, offset: 0, limit: Number.MAX_SAFE_INTEGER }).items;
  const needle = q?.trim().toLowerCase();
  const named = all.map((a) => {
    const name = nameOf(a.id);
    return name === undefined ? a : { ...a, name };
  });
  const found = needle ? named.filter((a) => a.id.toLowerCase().includes(needle) || ('name' in a && a.name!.toLowerCase().includes(needle))) : named;
  found.sort((a, b) => compareActorIds(a.id, b.id));
  return { total: found.length, items: found.slice(offset, offset + limit) };
}
