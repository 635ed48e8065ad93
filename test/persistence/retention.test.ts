import { describe, expect, it, vi } from 'vitest';
import { runRetention } from '../../persistence/retention.ts';
import { schemaPerTest, targetNames, type FreshSchema } from './pgTargets.ts';

const DAY = 86_400_000;

describe.each(targetNames('one'))('retention on %s (fake clock)', (name) => {
  const schemas = schemaPerTest(name);
  let db: FreshSchema;

  async function seed(now: Date) {
    const at = (ms: number) => new Date(now.getTime() - ms);
    await db.sql`insert into agent_logs (agent_id, message, created_at) values
      ('npc:1', 'old', ${at(90 * DAY + 1)}), ('npc:1', 'edge', ${at(90 * DAY)}), ('npc:1', 'new', ${at(DAY)})`;
    await db.sql`insert into admin_audit_log (admin_user, action_type, "timestamp") values
      ('gm', 'ancient', ${new Date('2024-03-14T23:59:59Z')}), ('gm', 'kept', ${new Date('2024-03-15T00:00:01Z')}), ('gm', 'recent', ${at(DAY)})`;
    await db.sql`insert into story_arcs (id, title, status, completed_at) values
      ('done-long-ago', 'a', 'completed', ${new Date('2025-03-14T00:00:00Z')}),
      ('done-recently', 'b', 'completed', ${new Date('2025-06-01T00:00:00Z')}),
      ('still-running', 'c', 'active', null),
      ('abandoned-long-ago', 'd', 'abandoned', ${new Date('2020-01-01T00:00:00Z')})`;
    await db.sql`insert into quests (id, arc_id, title) values ('q1', 'done-long-ago', 'kill 10 porings')`;
  }

  it('deletes exactly what is past each cut-off, keeps the rest, and is idempotent', async () => {
    db = await schemas.fresh();
    const now = new Date('2026-03-15T00:00:00Z');
    await seed(now);
    const dry = await runRetention(db.sql, now, { dryRun: true });
    expect([dry.agentLogs, dry.auditLogs, dry.completedArcs]).toEqual([1, 1, 1]);
    expect((await db.sql`select count(*)::int as n from agent_logs`)[0]!.n).toBe(3); // dry run changed nothing

    const result = await runRetention(db.sql, now);
    expect([result.agentLogs, result.auditLogs, result.completedArcs]).toEqual([1, 1, 1]);
    expect(result.cutoffs.auditLogs.toISOString()).toBe('2024-03-15T00:00:00.000Z');
    expect((await db.sql`select message from agent_logs order by id`).map((r) => r.message)).toEqual(['edge', 'new']);
    expect((await db.sql`select action_type from admin_audit_log order by id`).map((r) => r.action_type)).toEqual(['kept', 'recent']);
    expect((await db.sql`select id from story_arcs order by id`).map((r) => r.id)).toEqual(['abandoned-long-ago', 'done-recently', 'still-running']);
    expect(await db.sql`select id, arc_id from quests`).toEqual([{ id: 'q1', arc_id: null }]);

    const again = await runRetention(db.sql, now);
    expect([again.agentLogs, again.auditLogs, again.completedArcs]).toEqual([0, 0, 0]);
    // a year later the recently completed arc goes too
    expect((await runRetention(db.sql, new Date('2026-06-02T00:00:00Z'))).completedArcs).toBe(1);
  });

  it('refuses an invalid clock', async () => {
    db = await schemas.fresh();
    await expect(runRetention(db.sql, new Date('nope'))).rejects.toThrow(/valid Date/);
  });

  it('runs from the CLI against the configured database', async () => {
    db = await schemas.fresh();
    await seed(new Date('2026-03-15T00:00:00Z'));
    const { run } = await import('../../cli/retention.ts');
    const out = vi.spyOn(console, 'log').mockImplementation(() => {});
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await run(['--now', 'not-a-date'])).toBe(2);
      expect(String(err.mock.calls[0]?.[0])).toMatch(/--now must be an ISO-8601 date/);
      if (name === 'postgres') {
        process.env.MIDGARD_DB_SCHEMA = db.schema;
        try {
          expect(await run(['--now', '2026-03-15T00:00:00Z'])).toBe(0);
        } finally {
          delete process.env.MIDGARD_DB_SCHEMA;
        }
        const printed = JSON.parse(String(out.mock.calls.at(-1)![0]));
        expect(printed).toMatchObject({ agentLogs: 1, auditLogs: 1, completedArcs: 1, dryRun: false });
      }
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });
});
