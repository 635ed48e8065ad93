import { writeFile } from 'node:fs/promises';
import { parseOptions, UsageError } from './args.ts';
import { DATABASE_OPTIONS, DATABASE_USAGE, openMigratedDatabase } from '../persistence/cliDatabase.ts';

export const summary = 'GDPR: export or erase every row that concerns a player id';

export const usage = `usage: midgard player export <player_id> [--out FILE]
       midgard player erase <player_id> --yes [--admin NAME]

  export  prints (or writes to FILE) JSON holding every row that concerns the player
  erase   deletes or redacts those rows in one transaction and records an admin_audit_log entry;
          --yes is required, --admin names who asked (default: $USER)
${DATABASE_USAGE}`;

/**
 * `midgard player export|erase <id>`: exit 0 on success, 1 on a database error, 2 on bad usage.
 *
 * @example
 * midgard player export 150001 --out 150001.json
 * midgard player erase 150001 --yes --admin dpo
 */
export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseOptions('player', args, {
      ...DATABASE_OPTIONS,
      out: { type: 'string' },
      yes: { type: 'boolean' },
      admin: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (parsed.values.help) {
      console.log(usage);
      return 0;
    }
    const [verb, id, ...extra] = parsed.positionals;
    if (verb !== 'export' && verb !== 'erase') throw new UsageError(`midgard player: expected 'export' or 'erase', got '${verb ?? ''}'`);
    if (!id || !/^[1-9]\d{0,15}$/.test(id)) throw new UsageError(`midgard player ${verb}: player id must be a positive integer, got '${id ?? ''}'`);
    if (extra.length > 0) throw new UsageError(`midgard player ${verb}: unexpected argument '${extra[0]}'`);
    if (verb === 'erase' && !parsed.values.yes) throw new UsageError('midgard player erase: deleting a player\'s data needs --yes');
    if (verb === 'export' && (parsed.values.yes || parsed.values.admin)) throw new UsageError('midgard player export: --yes and --admin belong to erase');
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${err.message}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const playerId = Number(positionals[1]);
  let db;
  try {
    db = await openMigratedDatabase(values);
  } catch (err) {
    console.error(`midgard player: cannot open the database: ${(err as Error).message}`);
    return 1;
  }
  try {
    const { erasePlayer, exportPlayer } = await import('../persistence/gdpr.ts');
    if (positionals[0] === 'export') {
      const json = JSON.stringify(await exportPlayer(db.sql, playerId), null, 2);
      if (values.out) await writeFile(values.out, `${json}\n`);
      else console.log(json);
      return 0;
    }
    const result = await erasePlayer(db.sql, playerId, { admin_user: values.admin || process.env.USER || 'cli', ip_address: null });
    console.log(JSON.stringify(result));
    return 0;
  } catch (err) {
    console.error(`midgard player: ${(err as Error).message}`);
    return 1;
  } finally {
    await db.close();
  }
}
