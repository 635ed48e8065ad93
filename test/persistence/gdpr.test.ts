import { describe, expect, it, vi } from 'vitest';
import { erasePlayer, exportPlayer } from '../../persistence/gdpr.ts';
import { PgAuditLog } from '../../persistence/pg/PgAuditLog.ts';
import { PgJournal } from '../../persistence/pg/PgJournal.ts';
import { PgOutbox } from '../../persistence/pg/PgOutbox.ts';
import { PgRefusedEvents } from '../../persistence/pg/PgRefusedEvents.ts';
import { PgSnapshotStore } from '../../persistence/pg/PgSnapshotStore.ts';
import type { Sql } from '../../persistence/database.ts';
import { schemaPerTest, targetNames, type FreshSchema } from './pgTargets.ts';

const ME = 150001;
const OTHER = 150002;

async function seed(sql: Sql) {
  const journal = new PgJournal(sql);
  await journal.append([
    { event_id: 'e1', event_type: 'player_login', player_id: ME, map: 'prontera', timestamp: 1, priority: 'normal', payload: { action: 'login' } },
    { event_id: 'e2', event_type: 'trade_complete', player_id: OTHER, timestamp: 2, priority: 'normal', payload: { player_id: ME, zeny: 10 } },
    { event_id: 'e3', event_type: 'player_login', player_id: OTHER, timestamp: 3, priority: 'normal', payload: {} },
  ]);
  const outbox = new PgOutbox(sql);
  await outbox.enqueue([
    { action_id: 'reward', action_type: 'give_reward', target_player_id: ME, payload: { player_id: ME, item_id: 501, quantity: 1, zeny: 0, base_exp: 0, job_exp: 0, source: 'quest', source_event: 'quest:1' } },
    { action_id: 'done', action_type: 'broadcast_message', target_player_id: ME, payload: { message: 'hi' } },
    { action_id: 'theirs', action_type: 'give_reward', target_player_id: OTHER, payload: { player_id: OTHER, item_id: 0, quantity: 0, zeny: 10, base_exp: 0, job_exp: 0, source: 'quest', source_event: 'quest:1' } },
  ]);
  await outbox.lease(10, 1000, 0);
  const refused = (key: string, player_id: unknown) => ({ key, index: 0, event_type: 'guild_war', reason: 'unknown event_type', event: { event_type: 'guild_war', player_id }, source: 'bridge:10.0.0.5', refusedAt: 1 });
  await new PgRefusedEvents(sql).record([refused('b:1:0', ME), refused('b:2:0', String(ME)), refused('b:3:0', OTHER)]);
  await outbox.complete('done', 'completed', 'shown', 5);
  await sql`insert into factions (id, name) values ('guard', 'Prontera Guard')`;
  await sql`insert into reputation (player_id, faction_id, value) values (${ME}, 'guard', 10), (${OTHER}, 'guard', 3)`;
  await sql`insert into karma (player_id, value) values (${ME}, -2), (${OTHER}, 5)`;
  await sql`insert into quests (id, title, player_id) values ('q-me', 'help the kafra', ${ME}), ('q-other', 'x', ${OTHER})`;
  await sql`insert into spawned_content (id, kind, player_id, expires_at) values ('s1', 'npc', ${ME}, now() + interval '1 day')`;
  await sql`insert into agent_logs (agent_id, player_id, message) values ('npc:kafra', ${ME}, 'greeted'), ('npc:kafra', ${OTHER}, 'ignored')`;
  await new PgSnapshotStore(sql).save([
    { id: `player:${ME}`, kind: 'player', version: 1, snapshot: { value: 'online' }, timers: [], mailbox: [], paused: false, updatedAt: 1 },
    { id: `player:${OTHER}`, kind: 'player', version: 1, snapshot: { value: 'online' }, timers: [], mailbox: [], paused: false, updatedAt: 1 },
  ]);
  await new PgAuditLog(sql).record({ admin_user: 'gm', action_type: 'ban', action_data: { player_id: ME }, ip_address: '10.0.0.1' });
}

describe.each(targetNames('one'))('GDPR export and erase on %s', (name) => {
  const schemas = schemaPerTest(name);
  let db: FreshSchema;

  it('exports every row that concerns the player and none of anyone else', async () => {
    db = await schemas.fresh();
    await seed(db.sql);
    const dump = await exportPlayer(db.sql, ME, new Date('2026-01-01T00:00:00Z'));
    const t = dump.tables as Record<string, Record<string, unknown>[]>;
    expect(dump.exported_at).toBe('2026-01-01T00:00:00.000Z');
    expect(t.event_journal!.map((r) => r.event_id)).toEqual(['e1', 'e2']);
    expect(t.action_outbox!.map((r) => r.action_id)).toEqual(['reward', 'done']);
    expect(t.quests!.map((r) => r.id)).toEqual(['q-me']);
    expect(t.reputation).toHaveLength(1);
    expect(t.karma!.map((r) => r.value)).toEqual([-2]);
    expect(t.spawned_content).toHaveLength(1);
    expect(t.refused_events).toHaveLength(2); // its player_id as a number and as a string
    expect(t.agent_logs!.map((r) => r.message)).toEqual(['greeted']);
    expect(t.actor_snapshots!.map((r) => r.id)).toEqual([`player:${ME}`]);
    expect(t.admin_audit_log!.map((r) => r.action_type)).toEqual(['ban']);
    // it is plain JSON
    expect(JSON.parse(JSON.stringify(dump)).tables.karma[0].player_id).toBe(ME);
  });

  it('erases them in one go, keeps dedupe working, fails open actions, and audits the erasure', async () => {
    db = await schemas.fresh();
    await seed(db.sql);
    const { counts } = await erasePlayer(db.sql, ME, { admin_user: 'dpo', ip_address: '10.0.0.9' });
    expect(counts).toMatchObject({ event_journal: 2, action_outbox_failed: 1, action_outbox: 1, quests: 1, reputation: 1, karma: 1, spawned_content: 1, agent_logs: 1, refused_events: 2, actor_snapshots: 1 });

    const after = await exportPlayer(db.sql, ME);
    const leftovers = Object.entries(after.tables).filter(([table, rows]) => table !== 'admin_audit_log' && rows.length > 0);
    expect(leftovers).toEqual([]);
    // other players untouched
    const other = await exportPlayer(db.sql, OTHER);
    expect(other.tables.karma).toHaveLength(1);
    expect(other.tables.action_outbox).toHaveLength(1);
    expect(other.tables.refused_events).toHaveLength(1);
    // the journal keeps its seqs and keys: a retried old batch is still a duplicate, not a new event
    const journal = new PgJournal(db.sql);
    expect((await journal.after(0, 10)).map((e) => [e.seq, e.player_id])).toEqual([[1, undefined], [2, undefined], [3, OTHER]]);
    const retry = await journal.append([{ event_id: 'e1', event_type: 'player_login', player_id: ME, timestamp: 1, priority: 'normal', payload: {} }]);
    expect(retry).toEqual({ accepted: [], duplicates: 1 });
    // the pending reward will never be handed to the bridge
    const reward = await new PgOutbox(db.sql).get('reward');
    expect(reward).toMatchObject({ status: 'failed', payload: {} });
    expect((await new PgOutbox(db.sql).lease(10, 1000, 10_000_000)).map((e) => e.action_id)).toEqual(['theirs']);
    const [audit] = await new PgAuditLog(db.sql).recent(1);
    expect(audit).toMatchObject({ admin_user: 'dpo', action_type: 'player_erase', ip_address: '10.0.0.9', action_data: { player_id: ME } });
  });

  it('refuses a bad player id and changes nothing', async () => {
    db = await schemas.fresh();
    await seed(db.sql);
    await expect(erasePlayer(db.sql, 0, { admin_user: 'dpo', ip_address: null })).rejects.toThrow(/positive integer/);
    await expect(exportPlayer(db.sql, 1.5)).rejects.toThrow(/positive integer/);
    expect((await exportPlayer(db.sql, ME)).tables.karma).toHaveLength(1);
  });

  it('`midgard player` checks its arguments and, on Postgres, exports and erases', async () => {
    db = await schemas.fresh();
    await seed(db.sql);
    const { run } = await import('../../cli/player.ts');
    const out = vi.spyOn(console, 'log').mockImplementation(() => {});
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await run(['erase', String(ME)])).toBe(2);
      expect(String(err.mock.calls.at(-1)![0])).toMatch(/needs --yes/);
      expect(await run(['export', 'abc'])).toBe(2);
      expect(await run(['delete', '1'])).toBe(2);
      if (name === 'postgres') {
        process.env.MIDGARD_DB_SCHEMA = db.schema;
        try {
          expect(await run(['export', String(ME)])).toBe(0);
          expect(JSON.parse(String(out.mock.calls.at(-1)![0])).tables.quests[0].id).toBe('q-me');
          expect(await run(['erase', String(ME), '--yes', '--admin', 'dpo'])).toBe(0);
          expect(JSON.parse(String(out.mock.calls.at(-1)![0])).counts.karma).toBe(1);
        } finally {
          delete process.env.MIDGARD_DB_SCHEMA;
        }
        expect((await new PgAuditLog(db.sql).recent(1))[0]).toMatchObject({ admin_user: 'dpo', action_type: 'player_erase' });
      }
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });
});
