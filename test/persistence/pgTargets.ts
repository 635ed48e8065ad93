import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Sql } from 'postgres';
import { connectEmbedded, openDatabase } from '../../persistence/database.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../persistence/embedded.ts';
import { migrate } from '../../persistence/migrate.ts';

/**
 * Where Postgres-backed suites run. Real Postgres when DATABASE_URL is set (CI); PGlite always for suites that
 * ask for `both`, and as the only target otherwise — so every suite passes with and without DATABASE_URL.
 * PGlite costs seconds and ~750 MB per instance: one per test file, started in beforeAll.
 */
export type TargetName = 'postgres' | 'pglite';

export function targetNames(mode: 'both' | 'one'): TargetName[] {
  const hasUrl = Boolean(process.env.DATABASE_URL);
  if (mode === 'both') return hasUrl ? ['postgres', 'pglite'] : ['pglite'];
  return hasUrl ? ['postgres'] : ['pglite'];
}

export interface FreshSchema {
  sql: Sql;
  schema: string;
  /** drops the schema and closes the client */
  drop(): Promise<void>;
}

export interface TestTarget {
  name: TargetName;
  /** a new, migrated schema of its own: tests never see each other's rows */
  fresh(options?: { migrated?: boolean }): Promise<FreshSchema>;
  close(): Promise<void>;
}

export function uniqueSchema(prefix = 't'): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export async function openTarget(name: TargetName): Promise<TestTarget> {
  if (name === 'postgres') {
    const url = process.env.DATABASE_URL!;
    return {
      name,
      async fresh(options = {}) {
        const schema = uniqueSchema();
        const db = await openDatabase({ url, schema, max: 4 });
        if (options.migrated !== false) await migrate(db.sql);
        return { sql: db.sql, schema, drop: () => dropAndClose(db.sql, schema) };
      },
      async close() {},
    };
  }
  const embedded: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir: null });
  let open: FreshSchema | null = null;
  return {
    name,
    async fresh(options = {}) {
      // PGlite has one backend: end the previous test's client before binding a new search_path
      if (open) await open.drop();
      const schema = uniqueSchema();
      const sql = await connectEmbedded(embedded, schema);
      if (options.migrated !== false) await migrate(sql);
      const current: FreshSchema = {
        sql,
        schema,
        drop: async () => {
          if (open === current) open = null;
          await dropAndClose(sql, schema);
        },
      };
      open = current;
      return current;
    },
    async close() {
      if (open) await open.drop();
      await embedded.stop();
    },
  };
}

async function dropAndClose(sql: Sql, schema: string): Promise<void> {
  try {
    await sql`drop schema if exists ${sql(schema)} cascade`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * The hooks every Postgres suite needs for one target: the target opened once per file and closed after it,
 * and each test's schema dropped after the test. Call `fresh()` inside a test for its own migrated schema.
 *
 * @example
 * const schemas = schemaPerTest(name);
 * it('…', async () => { const db = await schemas.fresh(); … });
 */
export function schemaPerTest(name: TargetName): { fresh(options?: { migrated?: boolean }): Promise<FreshSchema> } {
  let target: TestTarget | undefined;
  let current: FreshSchema | undefined;
  beforeAll(async () => {
    target = await openTarget(name);
  });
  afterAll(async () => {
    await target?.close();
  });
  afterEach(async () => {
    await current?.drop();
    current = undefined;
  });
  return {
    async fresh(options) {
      current = await target!.fresh(options);
      return current;
    },
  };
}
