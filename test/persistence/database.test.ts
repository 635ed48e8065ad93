import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../persistence/database.ts';
import { appliedMigrations, migrate, readMigrations } from '../../persistence/migrate.ts';
import { PgJournal } from '../../persistence/pg/PgJournal.ts';
import { uniqueSchema } from './pgTargets.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/midgard.js', import.meta.url).pathname;

/**
 * The embedded default end to end: no DATABASE_URL, a data directory on disk, the CLI migrating it, and the
 * data still there after the process that wrote it is gone. One PGlite data dir for the whole file.
 */
describe('openDatabase without DATABASE_URL (PGlite on disk) and `midgard migrate`', () => {
  let dir: string;
  const env = { ...process.env, DATABASE_URL: '', MIDGARD_LOG_LEVEL: 'silent' };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'midgard-pg-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('migrates a fresh data dir from the CLI, then reports it up to date', async () => {
    const names = (await readMigrations()).map((m) => `${String(m.version).padStart(3, '0')}_${m.name}`);
    expect(names.slice(0, 3)).toEqual(['001_core', '002_world', '003_snapshot_blobs']);
    const first = await run('node', [BIN, 'migrate', '--data-dir', join(dir, 'pg')], { env, timeout: 60_000 });
    expect(first.stdout.trim()).toBe(`applied ${names.join(', ')} (pglite)`);
    const second = await run('node', [BIN, 'migrate', '--data-dir', join(dir, 'pg')], { env, timeout: 60_000 });
    expect(second.stdout.trim()).toBe(`up to date (${names.length} migrations, pglite)`);
    const status = await run('node', [BIN, 'migrate', '--status', '--data-dir', join(dir, 'pg')], { env, timeout: 60_000 });
    expect(status.stdout).toMatch(/001_core {2}applied .*\n002_world {2}applied/);
  }, 120_000);

  it('keeps what was written across close and reopen', async () => {
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      const db = await openDatabase({ dataDir: join(dir, 'pg') });
      expect(db.engine).toBe('pglite');
      expect(await migrate(db.sql)).toEqual([]);
      // a second opener of the same data dir is refused instead of writing over the first one's pages
      await expect(openDatabase({ dataDir: join(dir, 'pg') })).rejects.toThrow(/already open in this process/);
      await new PgJournal(db.sql).append([
        { event_id: 'kept', event_type: 'player_login', player_id: 1, timestamp: 1, priority: 'normal', payload: {} },
      ]);
      await db.close();
      const again = await openDatabase({ dataDir: join(dir, 'pg') });
      const events = await new PgJournal(again.sql).after(0, 10);
      expect(events.map((e) => e.event_id)).toEqual(['kept']);
      await again.close();
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved;
    }
  }, 60_000);

  it('rejects bad usage with exit code 2 and a message', async () => {
    await expect(run('node', [BIN, 'migrate', '--bogus'], { env })).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/bogus/) });
  });
});

describe.runIf(Boolean(process.env.DATABASE_URL))('migrations on real Postgres', () => {
  it('applies in order once, refuses an edited applied migration, and survives concurrent starters', async () => {
    const schema = uniqueSchema('mig');
    const db = await openDatabase({ url: process.env.DATABASE_URL || undefined, schema, max: 4 });
    const dir = await mkdtemp(join(tmpdir(), 'midgard-mig-'));
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, '001_a.sql'), 'create table a (x int);');
      await writeFile(join(dir, '002_b.sql'), 'create table b (y int); insert into b values (1);');
      const results = await Promise.all([migrate(db.sql, dir), migrate(db.sql, dir), migrate(db.sql, dir)]);
      expect(results.flat().map((m) => m.version).sort()).toEqual([1, 2]);
      expect((await appliedMigrations(db.sql)).map((m) => m.name)).toEqual(['a', 'b']);
      expect(await db.sql`select y from b`).toEqual([{ y: 1 }]);
      await writeFile(join(dir, '002_b.sql'), 'create table b (y int, z int);');
      await expect(migrate(db.sql, dir)).rejects.toThrow(/002_b was applied but its file has changed/);
      // a migration that fails leaves no trace: neither its table nor its record
      await writeFile(join(dir, '002_b.sql'), 'create table b (y int); insert into b values (1);');
      await writeFile(join(dir, '003_c.sql'), 'create table c (x int); select 1/0;');
      await expect(migrate(db.sql, dir)).rejects.toThrow(/division by zero/);
      expect((await appliedMigrations(db.sql)).map((m) => m.version)).toEqual([1, 2]);
      expect((await db.sql`select to_regclass('c')::text as t`)[0]!.t).toBeNull();
      await writeFile(join(dir, 'oops.sql'), '');
      await expect(readMigrations(dir)).rejects.toThrow(/NNN_name\.sql/);
    } finally {
      await db.sql`drop schema ${db.sql(schema)} cascade`;
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
