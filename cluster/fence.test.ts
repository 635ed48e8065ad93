import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget, targetNames, type FreshSchema, type TestTarget } from '../test/persistence/pgTargets.ts';
import { fenced, FencedOut } from './fence.ts';
import { ConductorFence } from './ConductorFence.ts';

for (const name of targetNames('one')) {
  describe(`fenced writes on ${name}`, () => {
    let target: TestTarget;
    let db: FreshSchema;
    beforeAll(async () => {
      target = await openTarget(name);
      db = await target.fresh();
      await db.sql`create table probe (shard int, epoch int)`;
    });
    afterAll(async () => {
      await db.drop();
      await target.close();
    });

    it('lets the newest epoch write and refuses an older one, whose work never lands', async () => {
      const write = (shard: number, epoch: number) => fenced(db.sql, { world: 'w', shard, epoch }, (tx) => tx`insert into probe values (${shard}, ${epoch})`);
      await write(1, 1);
      await write(1, 2);
      await write(1, 2); // the same holder writes again
      await expect(write(1, 1)).rejects.toBeInstanceOf(FencedOut);
      await write(2, 1); // another shard has its own epoch
      const rows = await db.sql<{ shard: number; epoch: number }[]>`select shard, epoch from probe order by shard, epoch`;
      expect(rows.map((r) => `${r.shard}@${r.epoch}`)).toEqual(['1@1', '1@2', '1@2', '2@1']);
    });

    it('fences the conductor like WorldLock: after a newer conductor wrote, the older one is refused and hears so once', async () => {
      const never = new Promise<void>(() => {});
      const [older, newer] = [new ConductorFence('w', 1, never, async () => {}), new ConductorFence('w', 2, never, async () => {})];
      const heard: string[] = [];
      older.onLost((err) => heard.push(err.name));
      await db.sql.begin((tx) => older.check(tx));
      await db.sql.begin((tx) => newer.check(tx));
      await expect(db.sql.begin((tx) => older.check(tx))).rejects.toBeInstanceOf(FencedOut);
      await expect(db.sql.begin((tx) => older.check(tx))).rejects.toBeInstanceOf(FencedOut);
      expect(heard).toEqual(['FencedOut']);
      // losing the lease is heard too, without any write
      let lose!: () => void;
      const lost = new Promise<void>((resolve) => (lose = resolve));
      const third = new ConductorFence('w', 3, lost, async () => {});
      const told = new Promise<Error>((resolve) => third.onLost(resolve));
      lose();
      expect((await told).name).toBe('FencedOut');
    });
  });
}
