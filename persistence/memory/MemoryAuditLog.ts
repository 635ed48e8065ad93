import type { AuditEntry, AuditLog } from '../types.ts';
import { InvalidRecordError } from '../validate.ts';

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

/** Shared by the memory and Postgres logs: the same entries are refused by both. */
export function assertAuditEntry(entry: AuditEntry): void {
  if (typeof entry?.admin_user !== 'string' || entry.admin_user.length === 0) {
    throw new InvalidRecordError('audit entry: admin_user must be a non-empty string');
  }
  if (typeof entry.action_type !== 'string' || entry.action_type.length === 0) {
    throw new InvalidRecordError('audit entry: action_type must be a non-empty string');
  }
  if (entry.ip_address != null && !isIpAddress(entry.ip_address)) {
    throw new InvalidRecordError(`audit entry: ip_address is not an IPv4/IPv6 address: ${String(entry.ip_address)}`);
  }
  if (entry.timestamp !== undefined && !(entry.timestamp instanceof Date && !Number.isNaN(entry.timestamp.getTime()))) {
    throw new InvalidRecordError('audit entry: timestamp must be a valid Date');
  }
}

function isIpAddress(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  // node:net would do, but this file must stay importable anywhere; the shapes Postgres' inet accepts suffice
  const v4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
  const v6 = /^[0-9a-fA-F:]+(:(\d{1,3}\.){3}\d{1,3})?$/;
  return v4.test(value) || (value.includes(':') && v6.test(value) && value.length <= 45);
}
