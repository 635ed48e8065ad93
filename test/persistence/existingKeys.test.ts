import { describe, expect, it } from 'vitest';
import { existingKeys, existingKeysStatement } from '../../persistence/pg/existingKeys.ts';
import { schemaPerTest, targetNames } from './pgTargets.ts';

describe.each(targetNames('one'))('existing keys on %s', (name) => {
  const schemas = schemaPerTest(name);

  async function journalOf(rows: number) {
    const db = await schemas.fresh();
    await db.sql`
      insert into event_journal (seq, key, event_type, player_id, "timestamp", priority, payload)
      select g, 'k' || g, 'monster_kill', 1, 1, 'normal', '{}' from generate_series(1, ${rows}) g`;
    return db;
  }

  it('finds exactly the keys the table holds', async () => {
    const db = await journalOf(100);
    const found = await existingKeys(db.sql, 'journal', ['k1', 'k100', 'k101', 'nope', 'k1']);
    expect([...found].sort()).toEqual(['k1', 'k100']);
    expect((await existingKeys(db.sql, 'outbox', ['k1'])).size).toBe(0);
  });

  it('probes the unique index even under a generic plan made while the table was empty', async () => {
    // the plan postgres.js ends up with for a prepared statement: the one that once made appends O(rows × keys)
    const db = await journalOf(0);
    const session = await db.sql.reserve();
    try {
      await session.unsafe(`set plan_cache_mode = force_generic_plan`);
      await session.unsafe(`prepare lookup(text[]) as ${existingKeysStatement('journal')}`);
      // on the same session: PGlite serves one connection at a time
      await session`insert into event_journal (seq, key, event_type, player_id, "timestamp", priority, payload)
        select g, 'k' || g, 'monster_kill', 1, 1, 'normal', '{}' from generate_series(1, 5000) g`;
      const plan = (await session.unsafe<{ 'QUERY PLAN': string }[]>(`explain execute lookup('{k1,k2}')`)).map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toMatch(/Index (Only )?Scan using event_journal_key_key/);
      expect(plan).not.toMatch(/Seq Scan on event_journal/);
    } finally {
      await session.unsafe('deallocate all').catch(() => {});
      session.release();
    }
  });
});
