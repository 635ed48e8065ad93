import { parseOptions, UsageError } from './args.ts';
import { databaseFromEnv } from './databaseFromEnv.ts';
import { DATABASE_OPTIONS, DATABASE_USAGE, openMigratedDatabase } from '../persistence/cliDatabase.ts';

export const summary = 'delete rows past retention (agent logs 90 d, audit 2 y, completed arcs 1 y)';

export const usage = `usage: midgard retention [--dry-run] [--now ISO-8601]

  Deletes agent logs older than 90 days, admin audit entries older than 2 years and story arcs completed
  more than a year ago. --dry-run counts without deleting; --now evaluates "older than" at another instant.
${DATABASE_USAGE}`;

/**
 * `midgard retention`: prints the counts (JSON); exit 0, 1 on a database error, 2 on bad usage. Meant for
 * cron or a systemd timer; re-running it is harmless.
 *
 * @example
 * midgard retention --dry-run    # {"agentLogs":120,"auditLogs":0,"completedArcs":3,"cutoffs":{…},"dryRun":true}
 */
export async function run(args: string[]): Promise<number> {
  let values;
  let now: Date;
  try {
    ({ values } = parseOptions('retention', args, {
      ...DATABASE_OPTIONS,
      'dry-run': { type: 'boolean' },
      now: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    }));
    if (values.help) {
      console.log(usage);
      return 0;
    }
    now = values.now === undefined ? new Date() : new Date(values.now);
    if (Number.isNaN(now.getTime())) throw new UsageError(`midgard retention: --now must be an ISO-8601 date, got '${values.now}'`);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${err.message}\n\n${usage}`);
    return 2;
  }
  let db;
  try {
    db = await openMigratedDatabase(databaseFromEnv(values));
  } catch (err) {
    console.error(`midgard retention: cannot open the database: ${(err as Error).message}`);
    return 1;
  }
  try {
    const { runRetention } = await import('../persistence/retention.ts');
    const dryRun = values['dry-run'] === true;
    const result = await runRetention(db.sql, now, { dryRun });
    console.log(JSON.stringify({ ...result, dryRun }));
    return 0;
  } catch (err) {
    console.error(`midgard retention: ${(err as Error).message}`);
    return 1;
  } finally {
    await db.close();
  }
}
