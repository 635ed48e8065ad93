import type { Sql } from 'postgres';
import type { RefusedEvent, RefusedEventLog } from '../types.ts';
import { assertRefusedEvents, assertSafeInteger } from '../validate.ts';

interface Row {
  id: number;
  key: string;
  batch_index: number;
  event_type: string | null;
  reason: string;
  event: unknown;
  source: string;
  refused_at: number;
}

/**
 * The `refused_events` table (migration 008): events a bridge sent that the gateway refused, newest `keep` kept.
 * A retried batch records nothing new (unique key).
 *
 * @example
 * const refused = new PgRefusedEvents(db.sql);
 * await refused.record(list); (await refused.recent(50))[0].reason;
 */
export class PgRefusedEvents implements RefusedEventLog {
  constructor(
    private readonly sql: Sql,
    private readonly keep = 10_000,
  ) {}

  async record(events: RefusedEvent[]): Promise<number> {
    assertRefusedEvents(events);
    if (events.length === 0) return 0;
    return this.sql.begin(async (tx) => {
      const added = await tx`
        insert into refused_events (key, batch_index, event_type, reason, event, source, refused_at)
        select key, batch_index, event_type, reason, event::jsonb, source, refused_at
        from unnest(
          ${events.map((e) => e.key)}::text[], ${events.map((e) => e.index)}::int[],
          ${events.map((e) => e.event_type)}::text[], ${events.map((e) => e.reason)}::text[],
          ${events.map((e) => JSON.stringify(e.event ?? null))}::text[], ${events.map((e) => e.source)}::text[],
          ${events.map((e) => e.refusedAt)}::bigint[]
        ) as x(key, batch_index, event_type, reason, event, source, refused_at)
        on conflict (key) do nothing`;
      await tx`delete from refused_events where id <= (select max(id) from refused_events) - ${this.keep}`;
      return added.count;
    });
  }

  async recent(limit: number): Promise<(RefusedEvent & { id: number })[]> {
    assertSafeInteger(limit, 'limit', 1);
    const rows = await this.sql<Row[]>`
      select id, key, batch_index, event_type, reason, event, source, refused_at
      from refused_events order by id desc limit ${limit}`;
    return rows.map((r) => ({ id: r.id, key: r.key, index: r.batch_index, event_type: r.event_type, reason: r.reason, event: r.event, source: r.source, refusedAt: r.refused_at }));
  }
}
