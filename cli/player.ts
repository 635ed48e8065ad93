import { writeFile } from 'node:fs/promises';
import { parseOptions, UsageError } from './args.ts';
import { databaseFromEnv } from './databaseFromEnv.ts';
import { DATABASE_OPTIONS, DATABASE_USAGE, openMigratedDatabase } from '../persistence/cliDatabase.ts';

export const summary = 'GDPR: export or erase every row that concerns a player id';

export const usage = `usage: midgard player export <player_id> [--out FILE]
       midgard player erase <player_id> --yes [--admin NAME]

  export  prints (or writes to FILE) JSON holding every row that concerns the player; while the world runs on
          the embedded database (which it holds), asks the running gateway instead (--gateway URL, default
          http://127.0.0.1:$MIDGARD_PORT), signing with MIDGARD_JWT_SECRET or the development secret.
          Exit 3 when no row concerns the player.
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
      gateway: { type: 'string' },
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
    db = await openMigratedDatabase(databaseFromEnv(values));
  } catch (err) {
    const message = (err as Error).message;
    if (positionals[0] === 'export' && /in use by process/.test(message)) return exportThroughGateway(playerId, values.gateway, values.out);
    console.error(`midgard player: cannot open the database: ${message}`);
    if (/in use by process/.test(message)) console.error('  erase changes data: stop the world first, or run both against DATABASE_URL');
    return 1;
  }
  try {
    const { erasePlayer, exportPlayer } = await import('../persistence/gdpr.ts');
    if (positionals[0] === 'export') {
      const dump = await exportPlayer(db.sql, playerId);
      const { isEmptyExport } = await import('../gateway/admin/players/index.ts');
      if (isEmptyExport(dump)) return notFound(playerId);
      return writeExport(dump, values.out);
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

function notFound(playerId: number): number {
  console.error(`midgard player export: no row concerns player ${playerId} (nothing to export)`);
  return 3;
}

async function writeExport(dump: unknown, out: string | undefined): Promise<number> {
  const json = JSON.stringify(dump, null, 2);
  if (out) await writeFile(out, `${json}\n`);
  else console.log(json);
  return 0;
}

/** The world holds the embedded database: ask its gateway (`GET /api/v1/admin/players/:id/export`). */
async function exportThroughGateway(playerId: number, gateway: string | undefined, out: string | undefined): Promise<number> {
  const { secretForClients } = await import('./devSecret.ts');
  const { mintToken } = await import('./token.ts');
  const base = (gateway ?? `http://127.0.0.1:${process.env.MIDGARD_PORT || 8000}`).replace(/\/$/, '');
  const secret = secretForClients(process.env);
  if (!secret) {
    console.error("midgard player export: the running world holds the embedded database; set MIDGARD_JWT_SECRET to the gateway's secret to export through it");
    return 1;
  }
  console.error(`midgard player export: the world is running and holds the database; exporting through ${base}`);
  let res: Response;
  try {
    const token = await mintToken(secret, 'admin', `cli:${process.env.USER || 'player-export'}`, 300);
    res = await fetch(`${base}/api/v1/admin/players/${playerId}/export`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(60_000) });
  } catch (err) {
    console.error(`midgard player export: the gateway at ${base} did not answer (${(err as Error).message}); pass --gateway URL`);
    return 1;
  }
  if (res.status === 404) return notFound(playerId);
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!res.ok) {
    console.error(`midgard player export: the gateway refused (${res.status}): ${body?.error?.message ?? res.statusText}`);
    return 1;
  }
  return writeExport(body, out);
}
