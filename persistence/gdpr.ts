import type { Sql } from 'postgres';
import { PgAuditLog } from './pg/PgAuditLog.ts';
import { InvalidRecordError } from './validate.ts';

/** Every row that concerns one player, table by table. */
export interface PlayerExport {
  player_id: number;
  exported_at: string;
  tables: Record<string, unknown[]>;
}

export interface EraseResult {
  player_id: number;
  /** rows deleted or redacted per table */
  counts: Record<string, number>;
}

function assertPlayerId(playerId: number): void {
  if (!Number.isSafeInteger(playerId) || playerId <= 0) throw new InvalidRecordError(`player id must be a positive integer, got ${playerId}`);
}

/** Payloads name players as `player_id` (rewards) or `target_player_id`; a containment test uses the GIN-less scan. */
function mentions(sql: Sql, column: string, playerId: number) {
  return sql`(${sql(column)} @> ${JSON.stringify({ player_id: playerId })}::text::jsonb
           or ${sql(column)} @> ${JSON.stringify({ target_player_id: playerId })}::text::jsonb)`;
}

/**
 * GDPR export: every row that concerns `playerId`, as JSON-ready objects — the journal, actions aimed at the
 * player, quests, reputation, karma, spawned content, agent logs, the player's own actor snapshot
 * (`player:<id>`), and admin audit entries about the player.
 *
 * @example
 * const dump = await exportPlayer(db.sql, 150001);
 * writeFileSync('150001.json', JSON.stringify(dump, null, 2));
 */
export async function exportPlayer(sql: Sql, playerId: number, now = new Date()): Promise<PlayerExport> {
  assertPlayerId(playerId);
  const actorId = `player:${playerId}`;
  // repeatable read: one consistent picture even while the world keeps writing
  const tables = await sql.begin('isolation level repeatable read', async (transaction) => {
    const tx = transaction as unknown as Sql;
    const queries: Record<string, Promise<readonly object[]>> = {
      event_journal: tx`select * from event_journal where player_id = ${playerId} or ${mentions(tx, 'payload', playerId)} order by seq`,
      action_outbox: tx`select * from action_outbox where target_player_id = ${playerId} or ${mentions(tx, 'payload', playerId)} order by seq`,
      quests: tx`select * from quests where player_id = ${playerId} order by id`,
      reputation: tx`select * from reputation where player_id = ${playerId} order by faction_id`,
      karma: tx`select * from karma where player_id = ${playerId}`,
      spawned_content: tx`select * from spawned_content where player_id = ${playerId} order by id`,
      agent_logs: tx`select * from agent_logs where player_id = ${playerId} order by id`,
      // a refused event is kept as it arrived: its player_id may even be a string
      refused_events: tx`select * from refused_events where event->>'player_id' = ${String(playerId)} order by id`,
      actor_snapshots: tx`select * from actor_snapshots where id = ${actorId}`,
      admin_audit_log: tx`
        select id, admin_user, action_type, action_data, host(ip_address) as ip_address, "timestamp"
        from admin_audit_log where ${mentions(tx, 'action_data', playerId)} order by id`,
    };
    const tables: Record<string, unknown[]> = {};
    for (const [name, query] of Object.entries(queries)) tables[name] = (await query).map((row) => ({ ...row }));
    return tables;
  });
  return { player_id: playerId, exported_at: now.toISOString(), tables };
}

/**
 * GDPR erase, in one transaction with its audit entry. Rows that exist only for the player are deleted.
 * Journal rows are redacted, not deleted: their seq and dedupe key must stay, or a bridge retry of an old
 * batch would be journaled and applied a second time. Open actions aimed at the player are failed and
 * emptied so the bridge never executes them; finished ones are deleted. The audit log itself is kept (it
 * is the proof of erasure) — entries about the player remain, as the law's own record-keeping allows.
 *
 * @example
 * const { counts } = await erasePlayer(db.sql, 150001, { admin_user: 'dpo', ip_address: null });
 */
export async function erasePlayer(
  sql: Sql,
  playerId: number,
  by: { admin_user: string; ip_address: string | null },
  now = new Date(),
): Promise<EraseResult> {
  assertPlayerId(playerId);
  const actorId = `player:${playerId}`;
  return sql.begin(async (tx) => {
    const t = tx as unknown as Sql;
    const counts: Record<string, number> = {};
    counts.event_journal = (
      await t`update event_journal set player_id = null, map = null, payload = '{}'::jsonb
              where player_id = ${playerId} or ${mentions(t, 'payload', playerId)}`
    ).count;
    counts.action_outbox_failed = (
      await t`update action_outbox
              set status = 'failed', lease_until = null, payload = '{}'::jsonb, target_player_id = null,
                  result_message = 'erased on the player''s request', completed_at = ${now.getTime()}
              where status in ('pending', 'leased')
                and (target_player_id = ${playerId} or ${mentions(t, 'payload', playerId)})`
    ).count;
    counts.action_outbox = (
      await t`delete from action_outbox
              where status in ('completed', 'failed') and (target_player_id = ${playerId} or ${mentions(t, 'payload', playerId)})`
    ).count;
    counts.quests = (await t`delete from quests where player_id = ${playerId}`).count;
    counts.reputation = (await t`delete from reputation where player_id = ${playerId}`).count;
    counts.karma = (await t`delete from karma where player_id = ${playerId}`).count;
    counts.spawned_content = (await t`delete from spawned_content where player_id = ${playerId}`).count;
    counts.agent_logs = (await t`delete from agent_logs where player_id = ${playerId}`).count;
    counts.refused_events = (await t`delete from refused_events where event->>'player_id' = ${String(playerId)}`).count;
    counts.actor_snapshots = (await t`delete from actor_snapshots where id = ${actorId}`).count;
    await new PgAuditLog(t).record({
      admin_user: by.admin_user,
      action_type: 'player_erase',
      action_data: { player_id: playerId, counts },
      ip_address: by.ip_address,
      timestamp: now,
    });
    return { player_id: playerId, counts };
  });
}
