import { MemorySnapshotStore } from '../persistence/memory/MemorySnapshotStore.ts';
import type { SnapshotStore, StoredActor } from '../persistence/types.ts';

/**
 * A fork's run reads its start from the fork's place and writes nowhere else than memory: the fork's copy stays
 * the untouched start, so a run can be repeated (same report) and a baseline run starts from the very same
 * world as the changed one. Rows edited before the run (an override on stored state) live in the overlay too.
 *
 * @example
 * const store = new OverlayStore(place.store());
 * const runtime = await Runtime.create({ catalogue, store, restore: true });
 */
export class OverlayStore implements SnapshotStore {
  private readonly top = new MemorySnapshotStore();
  private world: unknown = undefined;

  constructor(private readonly base: SnapshotStore) {}

  async save(actors: StoredActor[], world?: unknown): Promise<void> {
    await this.top.save(actors);
    if (world !== undefined) this.world = structuredClone(world);
  }

  async load(ids: string[]): Promise<StoredActor[]> {
    const mine = await this.top.load(ids);
    const have = new Set(mine.map((a) => a.id));
    const rest = ids.filter((id) => !have.has(id));
    return [...mine, ...(rest.length ? await this.base.load(rest) : [])].map(parsed);
  }

  async *loadAll(pageSize?: number, options?: { snapshots?: boolean }): AsyncIterable<StoredActor[]> {
    const seen = new Set<string>();
    for await (const page of this.base.loadAll(pageSize, options)) {
      const mine = new Map((await this.top.load(page.map((a) => a.id))).map((a) => [a.id, a]));
      yield page.map((a) => {
        seen.add(a.id);
        const top = mine.get(a.id);
        return top ? { ...parsed(top), hasSnapshot: true } : a;
      });
    }
    const extra: StoredActor[] = [];
    for await (const page of this.top.loadAll()) extra.push(...page.filter((a) => !seen.has(a.id)));
    if (extra.length) yield extra.map(parsed);
  }

  async saveWorld(state: unknown): Promise<void> {
    this.world = structuredClone(state);
  }

  async loadWorld(): Promise<unknown | null> {
    return this.world !== undefined ? structuredClone(this.world) : this.base.loadWorld();
  }

  async close(): Promise<void> {}
}

/** Rows saved with only their JSON text (a worker serialized them) come back as objects, as from Postgres. */
function parsed(actor: StoredActor): StoredActor {
  if (actor.snapshotJson === undefined) return actor;
  const { snapshotJson, ...rest } = actor;
  return { ...rest, snapshot: actor.snapshot ?? JSON.parse(snapshotJson) };
}
