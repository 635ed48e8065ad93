import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { openCache } from './redis/open.ts';
import { MemoryCache } from './memory/MemoryCache.ts';

/** Library code takes options only: the environment is parsed once at the edge (app/config.ts). */
describe('openDatabase and openCache read no environment', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of ['DATABASE_URL', 'MIDGARD_DB_SCHEMA', 'MIDGARD_DATA_DIR', 'REDIS_URL']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('opens what the options say, whatever DATABASE_URL, MIDGARD_DB_SCHEMA and REDIS_URL hold', async () => {
    process.env.DATABASE_URL = 'postgres://nobody@127.0.0.1:1/nowhere';
    process.env.MIDGARD_DB_SCHEMA = 'Not A Schema!';
    process.env.MIDGARD_DATA_DIR = '/nonexistent/midgard';
    process.env.REDIS_URL = 'redis://127.0.0.1:1';
    const db = await openDatabase({ dataDir: null });
    try {
      expect(db.engine).toBe('pglite');
      expect(db.schema).toBe('public');
    } finally {
      await db.close();
    }
    const cache = await openCache({});
    expect(cache).toBeInstanceOf(MemoryCache);
    await cache.close();
  }, 60_000);
});
