import type { SnapshotStore } from '../persistence/types.ts';

/**
 * Where `midgard sim` keeps actor snapshots. `postgres` uses DATABASE_URL (or --database-url) in a schema of
 * its own, dropped afterwards, so a simulation never touches a live world's tables; `pglite` (the default
 * without a URL: the embedded default) runs PGlite in memory (3–6 s and ~750 MB to start); `memory` skips the
 * database altogether (fastest; what the benchmark uses, since it measures the world, not storage).
 *
 * @example
 * const sim = await openSimStore('postgres', process.env.DATABASE_URL);
 * try { await simulate({ npcs, days, seed, store: sim.store }); } finally { await sim.close(); }
 */
export type SimStoreKind = 'memory' | 'postgres' | 'pglite';

export interface SimStore {
  store: SnapshotStore | undefined;
  kind: SimStoreKind;
  close(): Promise<void>;
}

export async function openSimStore(kind: SimStoreKind, url?: string): Promise<SimStore> {
  if (kind === 'memory') return { store: undefined, kind, close: async () => {} };
  if (kind === 'postgres' && !url) throw new Error('--store postgres needs DATABASE_URL or --database-url');
  const { openDatabase } = await import('../persistence/database.ts');
  const { migrate } = await import('../persistence/migrate.ts');
  const { PgSnapshotStore } = await import('../persistence/pg/PgSnapshotStore.ts');
  const schema = `sim_${process.pid}_${Date.now().toString(36)}`;
  // an empty url forces the embedded PGlite even when DATABASE_URL is set
  const db = await openDatabase({ url: kind === 'postgres' ? url : '', dataDir: null, schema });
  try {
    await migrate(db.sql);
  } catch (err) {
    await db.close();
    throw err;
  }
  return {
    store: new PgSnapshotStore(db.sql, { useCopy: db.engine === 'postgres' }),
    kind,
    async close() {
      if (db.engine === 'postgres') await db.sql`drop schema if exists ${db.sql(schema)} cascade`;
      await db.close();
    },
  };
}
