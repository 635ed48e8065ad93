import type { SnapshotStore, StoredActor } from '../types.ts';

/**
 * Snapshots kept in process: the default for tests and simulations. Values are cloned on the way in and out,
 * so callers can never mutate what was "persisted" (the Postgres store has the same property for free).
 */
export class MemorySnapshotStore implements SnapshotStore {
  private readonly actors = new Map<string, StoredActor>();
  private world: unknown = null;

  get size(): number {
    return this.actors.size;
  }

  async save(actors: StoredActor[], world?: unknown): Promise<void> {
    for (const actor of actors) {
      const current = this.actors.get(actor.id);
      if (current && current.version > actor.version) continue;
      this.actors.set(actor.id, structuredClone(actor));
    }
    if (world !== undefined) this.world = structuredClone(world);
  }

  async load(ids: string[]): Promise<StoredActor[]> {
    const out: StoredActor[] = [];
    for (const id of ids) {
      const actor = this.actors.get(id);
      if (actor) out.push(structuredClone(actor));
    }
    return out;
  }

  async *loadAll(pageSize = 1000): AsyncIterable<StoredActor[]> {
    const all = [...this.actors.values()];
    for (let i = 0; i < all.length; i += pageSize) yield all.slice(i, i + pageSize).map((a) => structuredClone(a));
  }

  async saveWorld(state: unknown): Promise<void> {
    this.world = structuredClone(state);
  }

  async loadWorld(): Promise<unknown | null> {
    return this.world === null ? null : structuredClone(this.world);
  }

  async close(): Promise<void> {}
}
