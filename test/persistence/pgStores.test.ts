import { describe, expect, it } from 'vitest';
import { PgAuditLog } from '../../persistence/pg/PgAuditLog.ts';
import { PgJournal } from '../../persistence/pg/PgJournal.ts';
import { PgOutbox } from '../../persistence/pg/PgOutbox.ts';
import { PgSnapshotStore } from '../../persistence/pg/PgSnapshotStore.ts';
import type { BridgeAction, GameEvent, OutboxEntry, StoredActor } from '../../persistence/types.ts';
import { schemaPerTest, targetNames, type FreshSchema } from './pgTargets.ts';

const event = (over: Partial<GameEvent> = {}): GameEvent => ({
  event_type: 'monster_kill',
  player_id: 150001,
  map: 'prontera',
  timestamp: 1732628400000,
  priority: 'normal',
  payload: { monster_id: 1002 },
  ...over,
});
const action = (id: string, over: Partial<BridgeAction> = {}): BridgeAction => ({
  action_id: id,
  action_type: 'spawn_monster',
  target_map: 'prontera',
  payload: { map: 'prontera', x: 150, y: 180, monster_id: 1002, amount: 3 },
  ...over,
});
const actor = (id: string, version: number, over: Partial<StoredActor> = {}): StoredActor => ({
  id,
  kind: 'npc',
  version,
  snapshot: { value: 'idle', context: { mood: version, nested: { list: [1, 'two', null] } }, status: 'active' },
  timers: [{ actorId: id, id: 'wake', event: { type: 'wake' }, due: 1000 + version }],
  mailbox: [{ to: id, event: { type: 'hello', n: version }, from: 'npc:other', seq: version, trace: 't' }],
  paused: false,
  updatedAt: 1_700_000_000_000 + version,
  ...over,
});

describe.each(targetNames('both'))('Postgres stores on %s', (name) => {
  const schemas = schemaPerTest(name);
  let db: FreshSchema;

  describe('PgJournal', () => {
    it('accepts once per event id or content key, with gap-free seqs, across batches', async () => {
      db = await schemas.fresh();
      const journal = new PgJournal(db.sql);
      const first = await journal.append([event({ event_id: 'e1' }), event(), event({ payload: { monster_id: 1003 } })]);
      expect(first.accepted.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(first.accepted[0]!.key).toBe('e1');
      // the original bridge's retry of the same batch, plus one new event and an in-batch repeat
      const retry = await journal.append([event({ event_id: 'e1' }), event({ priority: 'high' }), event({ event_id: 'e4' }), event({ event_id: 'e4' })]);
      expect(retry.duplicates).toBe(3);
      expect(retry.accepted.map((e) => [e.seq, e.key])).toEqual([[4, 'e4']]);
      const all = await journal.after(0, 100);
      expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect(all[0]).toEqual({ ...event({ event_id: 'e1' }), seq: 1, key: 'e1' });
      expect(all[1]).toEqual({ ...event(), seq: 2, key: first.accepted[1]!.key });
      expect((await journal.after(2, 1)).map((e) => e.seq)).toEqual([3]);
    });

    it('keeps seqs gap-free and in commit order under concurrent appends', async () => {
      db = await schemas.fresh();
      const journal = new PgJournal(db.sql);
      await Promise.all(
        Array.from({ length: 8 }, (_, b) => journal.append(Array.from({ length: 10 }, (_, i) => event({ event_id: `b${b}-${i}` })))),
      );
      const all = await journal.after(0, 1000);
      expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
      expect(new Set(all.map((e) => e.key)).size).toBe(80);
    });

    it('refuses a malformed batch whole and moves the applied mark forward only', async () => {
      db = await schemas.fresh();
      const journal = new PgJournal(db.sql);
      await expect(journal.append([event({ event_id: 'ok' }), event({ timestamp: -1 })])).rejects.toThrow(/event #1: timestamp/);
      expect(await journal.after(0, 10)).toEqual([]);
      await journal.append([event({ event_id: 'a' }), event({ event_id: 'b' })]);
      expect(await journal.appliedUpTo()).toBe(0);
      await journal.markApplied(2);
      await journal.markApplied(1);
      expect(await journal.appliedUpTo()).toBe(2);
      await expect(journal.markApplied(3)).rejects.toThrow(/only holds 2/);
      expect(await journal.appliedUpTo()).toBe(2);
    });
  });

  describe('PgOutbox', () => {
    it('enqueues idempotently, leases without double offers, re-offers after the lease, completes once', async () => {
      db = await schemas.fresh();
      const outbox = new PgOutbox(db.sql);
      const woke: OutboxEntry[][] = [];
      outbox.onEnqueued((entries) => woke.push(entries));
      const created = await outbox.enqueue([action('a'), action('b'), action('a'), action('c', { target_player_id: 150001, priority: 2 })]);
      expect(created.map((e) => [e.seq, e.action_id, e.status])).toEqual([[1, 'a', 'pending'], [2, 'b', 'pending'], [3, 'c', 'pending']]);
      expect(await outbox.enqueue([action('b', { target_map: 'geffen' })])).toEqual([]);
      expect(woke.map((w) => w.map((e) => e.action_id))).toEqual([['a', 'b', 'c']]);
      expect(await outbox.get('c')).toMatchObject({ target_player_id: 150001, priority: 2, payload: { amount: 3 } });

      const [l1, l2] = await Promise.all([outbox.lease(2, 1000, 10_000), outbox.lease(2, 1000, 10_000)]);
      const leasedIds = [...l1!, ...l2!].map((e) => e.action_id).sort();
      expect(leasedIds).toEqual(['a', 'b', 'c']); // each once, across two concurrent pollers
      expect(await outbox.lease(10, 1000, 10_999)).toEqual([]);

      expect(await outbox.complete('a', 'completed', 'spawned 3', 10_500)).toBe(true);
      expect(await outbox.complete('a', 'failed', 'late', 10_600)).toBe(true);
      expect(await outbox.complete('zzz', 'completed', undefined, 1)).toBe(false);
      expect(await outbox.get('a')).toMatchObject({ status: 'completed', resultMessage: 'spawned 3', completedAt: 10_500, leaseUntil: null });

      const again = await outbox.lease(10, 1000, 11_000);
      expect(again.map((e) => [e.action_id, e.attempts])).toEqual([['b', 2], ['c', 2]]);
      expect((await outbox.after(1, 10)).map((e) => `${e.seq}:${e.status}`)).toEqual(['2:leased', '3:leased']);
    });

    it('shares actions among many concurrent pollers, each once, past actions still out at the bridge', async () => {
      db = await schemas.fresh();
      const outbox = new PgOutbox(db.sql);
      await outbox.enqueue(Array.from({ length: 260 }, (_, i) => action(`p${i}`)));
      const early = await outbox.lease(60, 60_000, 0); // out at the bridge, ahead of everything still pending
      const polls = await Promise.all(Array.from({ length: 8 }, () => outbox.lease(30, 60_000, 1)));
      const ids = polls.flat().map((e) => e.action_id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.filter((id) => early.some((e) => e.action_id === id))).toEqual([]);
      expect(ids.length + early.length).toBe(260);
      // once their leases end, the early ones come back first, oldest first
      const back = await outbox.lease(5, 60_000, 60_000);
      expect(back.map((e) => e.action_id)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    });

    it('gives up after maxAttempts expired leases and refuses bad input unchanged', async () => {
      db = await schemas.fresh();
      const outbox = new PgOutbox(db.sql, { maxAttempts: 1 });
      await outbox.enqueue([action('x')]);
      expect(await outbox.lease(5, 100, 0)).toHaveLength(1);
      expect(await outbox.lease(5, 100, 100)).toEqual([]);
      expect(await outbox.get('x')).toMatchObject({ status: 'failed', attempts: 1 });
      await expect(outbox.enqueue([action('y'), { action_id: '', action_type: 'z' }])).rejects.toThrow(/action #1: action_(id|type)/);
      expect(await outbox.get('y')).toBeNull();
      await expect(outbox.complete('x', 'nah' as 'failed', undefined, 0)).rejects.toThrow(/status/);
    });
  });

  describe('PgSnapshotStore', () => {
    it('round-trips actors exactly and never lets a lower version overwrite a higher one', async () => {
      db = await schemas.fresh();
      const store = new PgSnapshotStore(db.sql);
      await store.save([actor('npc:1', 3), actor('npc:2', 1)]);
      await store.save([actor('npc:1', 2, { kind: 'stale' }), actor('npc:2', 2, { paused: true }), actor('npc:2', 5), actor('npc:2', 4)]);
      const loaded = await store.load(['npc:1', 'npc:2', 'npc:none']);
      const byId = new Map(loaded.map((a) => [a.id, a]));
      expect(byId.get('npc:1')).toEqual(actor('npc:1', 3));
      expect(byId.get('npc:2')).toEqual(actor('npc:2', 5));
      expect(loaded).toHaveLength(2);
      // a snapshot serialized by its worker is stored verbatim; invalid JSON is refused by Postgres, whole batch
      await store.save([{ ...actor('npc:3', 1), snapshot: undefined, snapshotJson: '{"value":"pre","n":[1,2]}' }]);
      expect((await store.load(['npc:3']))[0]!.snapshot).toEqual({ value: 'pre', n: [1, 2] });
      await expect(store.save([actor('npc:4', 1), { ...actor('npc:5', 1), snapshotJson: '{nope' }])).rejects.toThrow();
      expect(await store.load(['npc:4'])).toEqual([]);
    });

    it.runIf(name === 'postgres')('saves big batches through COPY with the same escaping and version guard', async () => {
      db = await schemas.fresh();
      const store = new PgSnapshotStore(db.sql, { useCopy: true });
      const tricky = { text: 'tab\there\nnew line \\ backslash \r "quote" ünïcødé \\N', list: ['\\t'] };
      const actors = Array.from({ length: 1_500 }, (_, i) => actor(`npc:${i}`, 2, i === 7 ? { snapshot: tricky, kind: 'odd\tkind' } : {}));
      await store.save(actors);
      await store.save([actor('npc:1', 1, { kind: 'stale' }), ...Array.from({ length: 1_200 }, (_, i) => actor(`npc:${i + 100}`, 3))]);
      const loaded = new Map((await store.load(['npc:1', 'npc:7', 'npc:150', 'npc:1299', 'npc:1499'])).map((a) => [a.id, a]));
      expect(loaded.get('npc:7')).toEqual(actor('npc:7', 2, { snapshot: tricky, kind: 'odd\tkind' }));
      expect(loaded.get('npc:1')).toEqual(actor('npc:1', 2));
      expect(loaded.get('npc:150')!.version).toBe(3);
      expect(loaded.get('npc:1299')).toEqual(actor('npc:1299', 3));
      expect(loaded.get('npc:1499')).toEqual(actor('npc:1499', 2));
      await store.save(actors.map((a) => ({ ...a, version: 9 })), { tick: 9 });
      expect(await store.loadWorld()).toEqual({ tick: 9 });
      expect((await db.sql`select count(*)::int as n from actor_snapshots where version = 9`)[0]!.n).toBe(1_500);
    });

    it('pages through every actor for restore', async () => {
      db = await schemas.fresh();
      const store = new PgSnapshotStore(db.sql); // 'auto': a 2,503-actor save takes COPY on Postgres, unnest on PGlite
      const actors = Array.from({ length: 2_503 }, (_, i) => actor(`npc:${String(i).padStart(5, '0')}`, 1));
      await store.save(actors);
      const pages: number[] = [];
      const ids: string[] = [];
      for await (const page of store.loadAll(1000)) {
        pages.push(page.length);
        ids.push(...page.map((a) => a.id));
      }
      expect(pages).toEqual([1000, 1000, 503]);
      expect(ids).toEqual(actors.map((a) => a.id));
      // restore's cheap path: everything but the snapshot, whether there is one, and its state value
      await store.save([actor('npc:00001', 2, { snapshot: null })]);
      const light: StoredActor[] = [];
      for await (const page of store.loadAll(1000, { snapshots: false })) light.push(...page);
      expect(light).toHaveLength(2_503);
      expect(light.every((a) => a.snapshot === undefined)).toBe(true);
      expect(light.filter((a) => a.hasSnapshot === false).map((a) => a.id)).toEqual(['npc:00001']);
      expect(light[0]).toEqual({ ...actor('npc:00000', 1), snapshot: undefined, hasSnapshot: true, value: 'idle' });
    });

    it('writes actors and the world atomically: a failing checkpoint leaves neither', async () => {
      db = await schemas.fresh();
      const store = new PgSnapshotStore(db.sql);
      await store.save([actor('npc:1', 1)], { tick: 1 });
      expect(await store.loadWorld()).toEqual({ tick: 1 });
      // a world document Postgres refuses (a NUL character in jsonb), written after the actors in the same
      // transaction, makes the whole checkpoint fail: the actors written before it are rolled back
      await expect(store.save([actor('npc:1', 2), actor('npc:new', 1)], { tick: 2, bad: 'a\u0000b' })).rejects.toThrow();
      expect(await store.load(['npc:new'])).toEqual([]);
      expect(await store.loadWorld()).toEqual({ tick: 1 });
      expect((await store.load(['npc:1']))[0]!.version).toBe(1);
      await store.saveWorld({ tick: 3, seq: 9 });
      expect(await store.loadWorld()).toEqual({ tick: 3, seq: 9 });
      await expect(store.save([{ ...actor('npc:x', 1), version: -1 }])).rejects.toThrow(/version/);
    });
  });

  describe('PgAuditLog', () => {
    it('stores the mission columns, newest first, and refuses bad entries', async () => {
      db = await schemas.fresh();
      const audit = new PgAuditLog(db.sql);
      await audit.record({ admin_user: 'gm', action_type: 'pause', action_data: { actor: 'npc:1' }, ip_address: '10.1.2.3' });
      await audit.record({ admin_user: 'ops', action_type: 'erase', action_data: null, ip_address: '::1', timestamp: new Date('2024-01-01T00:00:00Z') });
      await expect(audit.record({ admin_user: 'gm', action_type: 'x', action_data: 1, ip_address: 'not-an-ip' })).rejects.toThrow(/ip_address/);
      const rows = await audit.recent(10);
      expect(rows.map((r) => [r.admin_user, r.action_type, r.ip_address])).toEqual([['ops', 'erase', '::1'], ['gm', 'pause', '10.1.2.3']]);
      expect(rows[0]!.timestamp.toISOString()).toBe('2024-01-01T00:00:00.000Z');
      expect(rows[1]!.action_data).toEqual({ actor: 'npc:1' });
      const [col] = await db.sql<{ data_type: string }[]>`
        select data_type from information_schema.columns
        where table_schema = ${db.schema} and table_name = 'admin_audit_log' and column_name = 'ip_address'`;
      expect(col!.data_type).toBe('inet');
    });
  });
});
