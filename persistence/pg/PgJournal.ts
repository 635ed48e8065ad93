import type { Sql } from 'postgres';
import { eventKey } from '../eventKey.ts';
import type { AppendOptions, GameEvent, Journal, JournaledEvent } from '../types.ts';
import { assertGameEvents, assertSafeInteger } from '../validate.ts';
import { existingKeys } from './existingKeys.ts';
import { notifyIn } from './wakeups.ts';

interface JournalRow {
  seq: number;
  key: string;
  event_id: string | null;
  event_type: string;
  player_id: number | null;
  map: string | null;
  timestamp: number;
  priority: GameEvent['priority'];
  payload: Record<string, unknown>;
  held: boolean;
}

/**
 * The event journal in Postgres. `append` resolves only after its transaction committed, so whatever the
 * gateway acknowledged survives a crash. Duplicates — by `event_id`, or by content key when the original
 * bridge sent none — are dropped inside the same transaction that assigns seqs, so a retried batch never
 * double-counts. Appends are serialized on the journal's counter row: seqs are gap-free and commit in order.
 * With `notify` (a channel, persistence/pg/wakeups.ts) each append NOTIFYs in its own transaction, so a world in
 * another process wakes on the commit and reads `after(itsPosition)`. `hold` runs inside that transaction too, on the
 * new events only, so the `held` mark commits with them and a follower never sees an event before its mark.
 *
 * @example
 * const journal = new PgJournal(db.sql);
 * const { accepted, duplicates } = await journal.append(batch);
 * for (const e of await journal.after(await journal.appliedUpTo(), 500)) route(e);
 */
export class PgJournal implements Journal {
  readonly #notify: string | undefined;

  /** `notify`: the NOTIFY channel announcing new events to other processes (`wakeChannel('journal', schema)`) */
  constructor(
    private readonly sql: Sql,
    options: { notify?: string } = {},
  ) {
    this.#notify = options.notify;
  }

  async append(events: GameEvent[], options: AppendOptions = {}): Promise<{ accepted: JournaledEvent[]; duplicates: number }> {
    assertGameEvents(events);
    const unique = new Map<string, GameEvent>();
    for (const event of events) {
      const key = eventKey(event);
      if (!unique.has(key)) unique.set(key, event);
    }
    let duplicates = events.length - unique.size;
    if (unique.size === 0) return { accepted: [], duplicates };

    const accepted = await this.sql.begin(async (tx) => {
      const [head] = await tx<{ value: number }[]>`
        select value from counters where name = 'event_journal' for update`;
      const keys = [...unique.keys()];
      const seen = await existingKeys(tx as unknown as Sql, 'journal', keys);
      for (const key of seen) unique.delete(key);
      duplicates += seen.size;
      if (unique.size === 0) return [];
      let seq = head!.value;
      const rows: JournaledEvent[] = [...unique].map(([key, e]) => ({ ...e, seq: ++seq, key }));
      const held = (await options.hold?.(rows)) ?? new Set<string>();
      for (const row of rows) if (held.has(row.key)) row.held = true;
      await tx`
        insert into event_journal (seq, key, event_id, event_type, player_id, map, "timestamp", priority, payload, held)
        select seq, key, event_id, event_type, player_id, map, ts, priority, payload::jsonb, held::boolean
        from unnest(
          ${rows.map((r) => r.seq)}::bigint[], ${rows.map((r) => r.key)}::text[],
          ${rows.map((r) => r.event_id ?? null)}::text[], ${rows.map((r) => r.event_type)}::text[],
          ${rows.map((r) => r.player_id ?? null)}::bigint[], ${rows.map((r) => r.map ?? null)}::text[],
          ${rows.map((r) => r.timestamp)}::bigint[], ${rows.map((r) => r.priority)}::text[],
          ${rows.map((r) => JSON.stringify(r.payload))}::text[], ${rows.map((r) => (r.held ? 't' : 'f'))}::text[]
        ) as x(seq, key, event_id, event_type, player_id, map, ts, priority, payload, held)`;
      await tx`update counters set value = ${seq} where name = 'event_journal'`;
      if (this.#notify) await notifyIn(tx as unknown as Sql, this.#notify);
      return rows;
    });
    return { accepted, duplicates };
  }

  async after(seq: number, limit: number): Promise<JournaledEvent[]> {
    assertSafeInteger(seq, 'seq');
    assertSafeInteger(limit, 'limit', 1);
    const rows = await this.sql<JournalRow[]>`
      select seq, key, event_id, event_type, player_id, map, "timestamp", priority, payload, held
      from event_journal where seq > ${seq} order by seq limit ${limit}`;
    return rows.map(toEvent);
  }

  async markApplied(seq: number): Promise<void> {
    assertSafeInteger(seq, 'seq');
    // greatest(): an older checkpoint finishing late must not move the mark back
    const [row] = await this.sql<{ head: number; applied: number }[]>`
      with head as (select value from counters where name = 'event_journal'),
      moved as (
        update counters set value = greatest(value, ${seq})
        where name = 'journal_applied' and ${seq} <= (select value from head)
        returning value
      )
      select (select value from head) as head, coalesce((select value from moved), -1) as applied`;
    if (row!.applied < 0) throw new RangeError(`markApplied(${seq}): the journal only holds ${row!.head} events`);
  }

  async appliedUpTo(): Promise<number> {
    const [row] = await this.sql<{ value: number }[]>`select value from counters where name = 'journal_applied'`;
    return row!.value;
  }
}

function toEvent(row: JournalRow): JournaledEvent {
  const event: JournaledEvent = {
    seq: row.seq,
    key: row.key,
    event_type: row.event_type,
    timestamp: row.timestamp,
    priority: row.priority,
    payload: row.payload,
  };
  if (row.event_id !== null) event.event_id = row.event_id;
  if (row.player_id !== null) event.player_id = row.player_id;
  if (row.map !== null) event.map = row.map;
  if (row.held) event.held = true;
  return event;
}
