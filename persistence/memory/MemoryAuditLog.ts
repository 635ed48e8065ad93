import type { AuditEntry, AuditLog } from '../types.ts';
import { assertAuditEntry, InvalidRecordError } from '../validate.ts';

type StoredAudit = AuditEntry & { id: number; timestamp: Date };

/**
 * The admin audit log in process memory. Entries are append-only; `recent` returns newest first.
 *
 * @example
 * const audit = new MemoryAuditLog();
 * await audit.record({ admin_user: 'gm', action_type: 'pause', action_data: { actor: 'npc:1' }, ip_address: '127.0.0.1' });
 * (await audit.recent(1))[0].action_type; // 'pause'
 */
export class MemoryAuditLog implements AuditLog {
  readonly #entries: StoredAudit[] = [];

  constructor(private readonly clock: () => number = Date.now) {}

  async record(entry: AuditEntry): Promise<void> {
    assertAuditEntry(entry);
    this.#entries.push({
      admin_user: entry.admin_user,
      action_type: entry.action_type,
      action_data: structuredClone(entry.action_data ?? null),
      ip_address: entry.ip_address ?? null,
      id: this.#entries.length + 1,
      timestamp: entry.timestamp ? new Date(entry.timestamp) : new Date(this.clock()),
    });
  }

  async recent(limit: number): Promise<StoredAudit[]> {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new InvalidRecordError(`limit must be an integer ≥ 1, got ${limit}`);
    return this.#entries
      .slice(-limit)
      .reverse()
      .map((e) => ({ ...structuredClone(e), timestamp: new Date(e.timestamp) }));
  }
}
