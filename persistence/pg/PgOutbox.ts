import type { Sql } from 'postgres';
import { Listeners } from '../Listeners.ts';
import type { ActionOutbox, BridgeAction, OutboxEntry, OutboxListener } from '../types.ts';
import { assertBridgeActions, assertCompletion, assertSafeInteger } from '../validate.ts';
import { existingKeys } from './existingKeys.ts';
import { notifyIn } from './wakeups.ts';

interface OutboxRow {
  seq: number;
  action_id: string;
  action_type: string;
  target_map: string | null;
  target_player_id: number | null;
  priority: number | null;
  payload: Record<string, unknown> | null;
  status: OutboxEntry['status'];
  attempts: number;
  lease_until: number | null;
  result_message: string | null;
  completed_at: number | null;
}

/**
 * The action outbox in Postgres: the same contract as `MemoryOutbox`. Leasing takes rows with
 * `FOR UPDATE SKIP LOCKED`, so two pollers (or a poller and a stream) never receive the same action while
 * its lease runs. `onEnqueued` listeners are in-process only and fire after the commit. With `notify` (a channel,
 * persistence/pg/wakeups.ts) each enqueue also NOTIFYs in its own transaction, so gateways in other processes wake
 * on the commit instead of sweeping.
 *
 * @example
 * const outbox = new PgOutbox(db.sql);
 * await outbox.enqueue([{ action_id: 'a-1', action_type: 'spawn_monster', payload: { map: 'prontera', … } }]);
 * const batch = await outbox.lease(50, 30_000, Date.now());
 */
export class PgOutbox implements ActionOutbox {
  readonly #enqueued = new Listeners<OutboxEntry[]>('outbox.enqueued');
  readonly #maxAttempts: number;
  readonly #fence: ((tx: Sql) => Promise<void>) | undefined;
  readonly #notify: string | undefined;

  /**
   * `fence` runs inside every enqueue's transaction and throws when this process is no longer the world's writer;
   * `notify` is the NOTIFY channel announcing new rows to other processes (`wakeChannel('outbox', schema)`).
   */
  constructor(
    private readonly sql: Sql,
    options: { maxAttempts?: number; fence?: (tx: Sql) => Promise<void>; notify?: string } = {},
  ) {
    this.#maxAttempts = assertSafeInteger(options.maxAttempts ?? 5, 'maxAttempts', 1);
    this.#fence = options.fence;
    this.#notify = options.notify;
  }

  async enqueue(actions: BridgeAction[]): Promise<OutboxEntry[]> {
    assertBridgeActions(actions);
    const unique = new Map<string, BridgeAction>();
    for (const action of actions) if (!unique.has(action.action_id)) unique.set(action.action_id, action);
    if (unique.size === 0) return [];
    const created = await this.sql.begin(async (tx) => {
      await this.#fence?.(tx as unknown as Sql);
      const [head] = await tx<{ value: number }[]>`select value from counters where name = 'action_outbox' for update`;
      const ids = [...unique.keys()];
      for (const id of await existingKeys(tx as unknown as Sql, 'outbox', ids)) unique.delete(id);
      if (unique.size === 0) return [];
      let seq = head!.value;
      const rows = [...unique.values()].map((a) => ({ ...a, seq: ++seq }));
      const inserted = await tx<OutboxRow[]>`
        insert into action_outbox (seq, action_id, action_type, target_map, target_player_id, priority, payload)
        select seq, action_id, action_type, target_map, target_player_id, priority, payload::jsonb
        from unnest(
          ${rows.map((r) => r.seq)}::bigint[], ${rows.map((r) => r.action_id)}::text[],
          ${rows.map((r) => r.action_type)}::text[], ${rows.map((r) => r.target_map ?? null)}::text[],
          ${rows.map((r) => r.target_player_id ?? null)}::bigint[], ${rows.map((r) => r.priority ?? null)}::integer[],
          ${rows.map((r) => (r.payload === undefined ? null : JSON.stringify(r.payload)))}::text[]
        ) as x(seq, action_id, action_type, target_map, target_player_id, priority, payload)
        returning *`;
      await tx`update counters set value = ${seq} where name = 'action_outbox'`;
      if (this.#notify) await notifyIn(tx as unknown as Sql, this.#notify);
      return inserted.sort((a, b) => a.seq - b.seq).map(toEntry);
    });
    if (created.length > 0) this.#enqueued.emit(created.map((e) => structuredClone(e)));
    return created;
  }

  async lease(limit: number, leaseMs: number, now: number): Promise<OutboxEntry[]> {
    assertSafeInteger(limit, 'limit', 1);
    assertSafeInteger(leaseMs, 'leaseMs', 1);
    assertSafeInteger(now, 'now');
    return this.sql.begin(async (tx) => {
      // an action whose lease ran out maxAttempts times is given up, not offered forever
      await tx`
        update action_outbox
        set status = 'failed', lease_until = null, completed_at = ${now},
            result_message = ${`lease expired ${this.#maxAttempts} times without completion`}
        where status = 'leased' and lease_until <= ${now} and attempts >= ${this.#maxAttempts}`;
      const rows = await tx<OutboxRow[]>`
        with expired as (
          select seq from action_outbox
          where status = 'leased' and lease_until <= ${now}
          order by lease_until limit ${limit}
          for update skip locked
        ),
        waiting as (
          select seq from action_outbox
          where status = 'pending'
          order by seq limit ${limit}
          for update skip locked
        ),
        -- the oldest of both; rows locked here but not picked stay as they are for the next poll
        picked as (
          select seq from expired union all select seq from waiting
          order by seq limit ${limit}
        )
        update action_outbox o
        set status = 'leased', attempts = o.attempts + 1, lease_until = ${now + leaseMs}
        from picked where o.seq = picked.seq
        returning o.*`;
      return rows.sort((a, b) => a.seq - b.seq).map(toEntry);
    });
  }

  async complete(actionId: string, status: 'completed' | 'failed', message: string | undefined, now: number): Promise<boolean> {
    assertCompletion(actionId, status, now);
    const [row] = await this.sql<{ found: boolean }[]>`
      with done as (
        update action_outbox
        set status = ${status}, lease_until = null, result_message = ${message ?? null}, completed_at = ${now}
        where action_id = ${actionId} and status in ('pending', 'leased')
        returning 1
      )
      select exists (select 1 from done) or exists (select 1 from action_outbox where action_id = ${actionId}) as found`;
    return row!.found;
  }

  async after(seq: number, limit: number): Promise<OutboxEntry[]> {
    assertSafeInteger(seq, 'seq');
    assertSafeInteger(limit, 'limit', 1);
    const rows = await this.sql<OutboxRow[]>`
      select * from action_outbox where seq > ${seq} order by seq limit ${limit}`;
    return rows.map(toEntry);
  }

  async get(actionId: string): Promise<OutboxEntry | null> {
    const [row] = await this.sql<OutboxRow[]>`
      select * from action_outbox where action_id = ${actionId}`;
    return row ? toEntry(row) : null;
  }

  onEnqueued(listener: OutboxListener): () => void {
    return this.#enqueued.add(listener);
  }
}

function toEntry(row: OutboxRow): OutboxEntry {
  const entry: OutboxEntry = {
    seq: row.seq,
    action_id: row.action_id,
    action_type: row.action_type,
    status: row.status,
    attempts: row.attempts,
    leaseUntil: row.lease_until,
    resultMessage: row.result_message,
    completedAt: row.completed_at,
  };
  if (row.target_map !== null) entry.target_map = row.target_map;
  if (row.target_player_id !== null) entry.target_player_id = row.target_player_id;
  if (row.priority !== null) entry.priority = row.priority;
  if (row.payload !== null) entry.payload = row.payload;
  return entry;
}
