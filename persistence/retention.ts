import type { Sql } from 'postgres';

/** How long each kind of row is kept (the mission's numbers). */
export interface RetentionPolicy {
  agentLogsDays: number;
  auditLogsYears: number;
  completedArcsYears: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { agentLogsDays: 90, auditLogsYears: 2, completedArcsYears: 1 };

export interface RetentionResult {
  agentLogs: number;
  auditLogs: number;
  completedArcs: number;
  /** the cut-offs used, so a report says exactly what "older than" meant */
  cutoffs: { agentLogs: Date; auditLogs: Date; completedArcs: Date };
}

/** Calendar years back in UTC (2 years before 29 Feb lands on 28 Feb / 1 Mar as JS dates do). */
function yearsBefore(now: Date, years: number): Date {
  const d = new Date(now.getTime());
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d;
}

/**
 * Deletes what the retention policy no longer allows: agent logs older than 90 days, audit entries older
 * than 2 years, story arcs completed more than a year ago (their quests keep existing with `arc_id` cleared).
 * Active and abandoned arcs are left alone. `now` is passed in, so the job is testable with a fake clock and
 * re-runnable: a second run at the same `now` deletes nothing. `dryRun` counts without deleting.
 *
 * @example
 * const { agentLogs, auditLogs, completedArcs } = await runRetention(db.sql, new Date());
 */
export async function runRetention(
  sql: Sql,
  now: Date,
  options: { policy?: RetentionPolicy; dryRun?: boolean } = {},
): Promise<RetentionResult> {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new Error('runRetention: now must be a valid Date');
  const policy = options.policy ?? DEFAULT_RETENTION;
  const cutoffs = {
    agentLogs: new Date(now.getTime() - policy.agentLogsDays * 86_400_000),
    auditLogs: yearsBefore(now, policy.auditLogsYears),
    completedArcs: yearsBefore(now, policy.completedArcsYears),
  };
  return sql.begin(async (tx) => {
    const count = async (query: Promise<{ n: number }[]>) => (await query)[0]!.n;
    if (options.dryRun) {
      return {
        agentLogs: await count(tx`select count(*)::int as n from agent_logs where created_at < ${cutoffs.agentLogs}`),
        auditLogs: await count(tx`select count(*)::int as n from admin_audit_log where "timestamp" < ${cutoffs.auditLogs}`),
        completedArcs: await count(
          tx`select count(*)::int as n from story_arcs where status = 'completed' and completed_at < ${cutoffs.completedArcs}`,
        ),
        cutoffs,
      };
    }
    const agentLogs = (await tx`delete from agent_logs where created_at < ${cutoffs.agentLogs}`).count;
    const auditLogs = (await tx`delete from admin_audit_log where "timestamp" < ${cutoffs.auditLogs}`).count;
    const completedArcs = (
      await tx`delete from story_arcs where status = 'completed' and completed_at < ${cutoffs.completedArcs}`
    ).count;
    return { agentLogs, auditLogs, completedArcs, cutoffs };
  });
}
