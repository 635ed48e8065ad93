import type { Sql } from 'postgres';
import type { AuditEntry, AuditLog } from '../types.ts';
import { assertAuditEntry, InvalidRecordError } from '../validate.ts';

type StoredAudit = AuditEntry & { id: number; timestamp: Date };

/**
 * The mission's `admin_audit_log` table. Entries are inserted and read, never updated; retention deletes
 * them after two years (see retention.ts).
 *
 * @example
 * await new PgAuditLog(db.sql).record({ admin_user: 'gm', action_type: 'pause_actor',
 *   action_data: { actor: 'npc:kafra-1' }, ip_address: '10.0.0.5' });
 */
export class PgAuditLog implements AuditLog {
  constructor(private readonly sql: Sql) {}

  async record(entry: AuditEntry): Promise<void> {
    assertAuditEntry(entry);
    const data = entry.action_data === undefined ? null : JSON.stringify(entry.action_data);
    await this.sql`
      insert into admin_audit_log (admin_user, action_type, action_data, ip_address, "timestamp")
      values (${entry.admin_user}, ${entry.action_type}, ${data}::text::jsonb, ${entry.ip_address ?? null}::inet,
              coalesce(${entry.timestamp ?? null}::timestamptz, now()))`;
  }

  async recent(limit: number): Promise<StoredAudit[]> {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new InvalidRecordError(`limit must be an integer ≥ 1, got ${limit}`);
    const rows = await this.sql<{ id: number; admin_user: string; action_type: string; action_data: unknown; ip_address: string | null; timestamp: Date }[]>`
      select id, admin_user, action_type, action_data, host(ip_address) as ip_address, "timestamp"
      from admin_audit_log order by id desc limit ${limit}`;
    return rows.map((r) => ({ ...r }));
  }
}
