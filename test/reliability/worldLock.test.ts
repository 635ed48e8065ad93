import { describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { FencedError, WorldLock, WorldLockedError } from '../../persistence/WorldLock.ts';
import { PgOutbox, PgSnapshotStore } from '../../persistence/pg/index.ts';
import { schemaPerTest, targetNames } from '../persistence/pgTargets.ts';

const action = (id: string) => ({ action_id: id, action_type: 'broadcast_message', payload: { message: 'hi' } });

describe.each(targetNames('both'))('WorldLock on %s', (name) => {
  const schemas = schemaPerTest(name);

  it('fences the outbox and checkpoints of a writer once a newer one has taken the world', async () => {
    const db = await schemas.fresh();
    const engine = name === 'postgres' ? 'postgres' : 'pglite';
    const first = await WorldLock.acquire(db.sql, engine);
    const lost: Error[] = [];
    first.onLost((err) => lost.push(err));
    const outbox = new PgOutbox(db.sql, { fence: (tx) => first.check(tx) });
    const store = new PgSnapshotStore(db.sql, { fence: (tx) => first.check(tx) });
    expect(await outbox.enqueue([action('a-1')])).toHaveLength(1);
    await store.save([], { now: 1 });

    // a newer writer (as after a partition) bumps the epoch: the old one's writes are refused, nothing lands
    await first.release();
    const second = await WorldLock.acquire(db.sql, engine);
    expect(second.epoch).toBe(first.epoch + 1);
    await expect(outbox.enqueue([action('a-2')])).rejects.toBeInstanceOf(FencedError);
    await expect(store.save([], { now: 2 })).rejects.toBeInstanceOf(FencedError);
    expect(lost).toHaveLength(1);
    expect((await db.sql`select action_id from action_outbox`).map((r) => r.action_id)).toEqual(['a-1']);
    expect(await store.loadWorld()).toEqual({ now: 1 });
    await second.release();
  });

  it.runIf(name === 'postgres')('refuses a second process on the same world while the first holds it', async () => {
    const db = await schemas.fresh();
    const first = await WorldLock.acquire(db.sql, 'postgres');
    // another process = another client on the same database and schema
    const other = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {}, connection: { search_path: db.schema } });
    try {
      await expect(WorldLock.acquire(other, 'postgres')).rejects.toBeInstanceOf(WorldLockedError);
      await first.release();
      const second = await WorldLock.acquire(other, 'postgres');
      expect(second.epoch).toBe(first.epoch + 1);
      await second.release();
    } finally {
      await other.end({ timeout: 1 });
    }
  });
});
