import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseOptions, intOption, UsageError, usageFailure } from './args.ts';
import { plural } from './banner.ts';
import { progressBar } from './progress.ts';

export const summary = 'what-if: copy the live world, change a rule, fast-forward days, compare with a baseline';

export const usage = `usage: midgard fork [--from latest|CHECKPOINT|ISO-TIME] [--days N] [--overrides FILE] [--set KEY=VALUE]…
       midgard fork list | drop ID | checkpoints [--archive] | run ID [--days N] [--overrides FILE] [--set …]
       midgard fork replay --from CHECKPOINT (--to-tick N | --to-event SEQ) [--actor ID]…

  Copies the live world (a checkpoint plus the journal up to it) into a place of its own — a schema fork_<id> on
  the live Postgres, or ./data/forks/<id> on the embedded default — runs it N virtual days with the overrides and
  again without (the baseline), and writes the comparison as JSON and as an offline HTML page. A fork never
  writes the live outbox or journal, never reaches the bridge, and never calls a paid model: it answers from the
  live world's recorded AI decisions, else offline (unless --budget gives it money to spend).

  --from WHERE      latest (default), an archived checkpoint id, or an ISO virtual time (the newest checkpoint
                    at or before it)
  --days N          virtual days to run (default 7)
  --overrides FILE  JSON: {"economy":{"dropFactor":2,"priceFactor":1},"spawnRate":1,"arcPacing":1,
                    "pause":["boss"],"inject":[{"at":"20:00","event_type":"player_login","count":500}],"players":500}
  --set KEY=VALUE   one override on top of the file, e.g. --set economy.dropFactor=2 --set pause=boss,chain
  --no-baseline     run the fork only (no comparison)
  --out DIR         where the report goes (default ./data/forks/reports)
  --budget USD      money the fork may spend on real models (default 0: recorded answers, then offline)
  --tick-ms N       virtual ms per tick of the run (default 60000, as midgard sim)
  --workers N       worker threads for the run (default 0)
  --json            print the comparison (or the report) as JSON
  --progress-lines  report progress as "progress 0.42" lines on stderr (what the dashboard's fork jobs read)
  checkpoints       list archived checkpoints; --archive copies the live world's current one aside first
  replay            re-run the live world from a checkpoint through its input log to a tick or a journal
                    event, and print the world hash and the actors asked for (--actor, repeatable)
  --database-url URL  the live world's Postgres (default DATABASE_URL; without it the embedded ./data/pg,
                    which the running world holds: fork it from the dashboard then)
  --schema NAME     the live world's schema (default MIDGARD_DB_SCHEMA or public)`;

const OPTIONS = {
  from: { type: 'string' }, days: { type: 'string' }, overrides: { type: 'string' }, set: { type: 'string', multiple: true },
  'no-baseline': { type: 'boolean' }, out: { type: 'string' }, budget: { type: 'string' }, 'tick-ms': { type: 'string' },
  workers: { type: 'string' }, json: { type: 'boolean' }, archive: { type: 'boolean' }, 'to-tick': { type: 'string' },
  'to-event': { type: 'string' }, actor: { type: 'string', multiple: true }, 'database-url': { type: 'string' },
  'data-dir': { type: 'string' }, schema: { type: 'string' }, 'progress-lines': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const;

/**
 * `midgard fork …`: exit 0, 1 when the live database cannot be opened or a fork fails, 2 on bad usage (bad
 * overrides included) — and then nothing has been opened or copied.
 */
export async function run(args: string[]): Promise<number> {
  try {
    return await fork(args);
  } catch (err) {
    if (err instanceof UsageError) return usageFailure(err, usage);
    console.error(`midgard fork: ${(err as Error).message}`);
    return 1;
  }
}

async function fork(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions('fork', args, OPTIONS as never) as { values: Record<string, any>; positionals: string[] };
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const [sub = 'new', ...rest] = positionals;
  if (!['new', 'list', 'drop', 'checkpoints', 'run', 'replay'].includes(sub)) throw new UsageError(`midgard fork: unknown subcommand '${sub}'`);
  // everything the user typed is checked before anything is opened or copied
  const { parseFrom } = await import('../fork/createFork.ts');
  const { applySetFlags, parseOverridesText, OverrideError } = await import('../fork/overrides.ts');
  let overrides;
  let from;
  try {
    const base = values.overrides ? JSON.parse(JSON.stringify(parseOverridesText(await readFile(values.overrides, 'utf8').catch(() => {
      throw new OverrideError(`--overrides: cannot read ${values.overrides}`);
    }), values.overrides))) : {};
    overrides = applySetFlags(base, values.set ?? []);
    from = parseFrom(values.from);
  } catch (err) {
    if (err instanceof OverrideError || /--from/.test((err as Error).message)) throw new UsageError(`midgard fork: ${(err as Error).message}`);
    throw err;
  }
  const days = intOption('fork', 'days', values.days, 7, 1, 365);
  const workers = intOption('fork', 'workers', values.workers, 0, 0, 64);
  const tickMs = intOption('fork', 'tick-ms', values['tick-ms'], 60_000, 10, 3_600_000);
  const budgetUsd = values.budget === undefined ? 0 : Number(values.budget);
  if (!(budgetUsd >= 0)) throw new UsageError(`midgard fork: --budget must be a number ≥ 0, got '${values.budget}'`);

  const { log } = await import('../runtime/log.ts');
  if (!process.env.MIDGARD_LOG_LEVEL) log.level = values.json ? 'silent' : 'warn';
  // the live world's database and the fork settings, from the flags and the declared settings (app/settings.ts)
  const { databaseFromEnv } = await import('./databaseFromEnv.ts');
  const { loadSettings } = await import('../app/settings.ts');
  const database = databaseFromEnv(values);
  const url = database.url;
  const { ForkPlace, defaultDataRoot } = await import('../fork/ForkPlace.ts');
  const location = { url, dataRoot: defaultDataRoot() };

  if (sub === 'list') {
    const ids = await ForkPlace.list(location);
    for (const id of ids) console.log(id);
    if (!ids.length) console.error('midgard fork: no forks yet');
    return 0;
  }
  if (sub === 'drop') {
    if (!rest[0]) throw new UsageError('midgard fork drop: which fork? (midgard fork list)');
    await ForkPlace.drop(location, rest[0]);
    console.error(`midgard fork: dropped ${rest[0]}`);
    return 0;
  }
  const seed = loadSettings(process.env).MIDGARD_SEED;
  // a parent process (the running world's ForkService) reads progress lines instead of a bar
  const progress = values['progress-lines'] ? (done: number) => void process.stderr.write(`progress ${done.toFixed(3)}\n`) : values.json ? undefined : progressBar('forking');
  const onProgress = progress ? (done: number) => progress(done) : undefined;

  if (sub === 'run') {
    if (!rest[0]) throw new UsageError('midgard fork run: which fork? (midgard fork list)');
    const place = await ForkPlace.open(location, rest[0]);
    try {
      const { runOn } = await import('../fork/whatIf.ts');
      const info = (await place.info())! as never;
      const result = await runOn(place, info, { days, overrides, baseline: !values['no-baseline'], budgetUsd, tickMs, workers, onProgress });
      return await output(result, values);
    } finally {
      await place.close();
    }
  }

  let live;
  try {
    const { openDatabase } = await import('../persistence/database.ts');
    live = await openDatabase({ ...database, schema: values.schema ?? database.schema });
  } catch (err) {
    console.error(`midgard fork: cannot open the live world's database: ${(err as Error).message}${url ? '' : ' (a running world holds the embedded database: use the dashboard\'s Forks page, or POST /api/v1/admin/forks)'}`);
    return 1;
  }
  try {
    if (sub === 'checkpoints') {
      const { archiveCheckpoint, listArchived } = await import('../fork/archive.ts');
      if (values.archive) {
        const id = await archiveCheckpoint(live.sql);
        console.error(id === null ? 'midgard fork: the live world has no checkpoint yet' : `midgard fork: archived checkpoint ${id}`);
      }
      const list = await listArchived(live.sql);
      if (values.json) console.log(JSON.stringify(list, null, 2));
      else for (const c of list) console.log(`${c.id}\t${new Date(c.now).toISOString()}\tjournal ${c.journalSeq}\t${c.actors} actors\ttaken ${c.takenAt}`);
      return 0;
    }
    if (sub === 'replay') {
      if (from === 'latest' || !('checkpoint' in from)) throw new UsageError('midgard fork replay: --from must be a checkpoint id (midgard fork checkpoints)');
      const toTick = values['to-tick'] === undefined ? undefined : intOption('fork', 'to-tick', values['to-tick'], 0, 0);
      const toEvent = values['to-event'] === undefined ? undefined : intOption('fork', 'to-event', values['to-event'], 0, 1);
      if ((toTick === undefined) === (toEvent === undefined)) throw new UsageError('midgard fork replay: give one of --to-tick or --to-event');
      const { replayLive } = await import('../fork/replay.ts');
      const result = await replayLive(live.sql, { checkpoint: from.checkpoint, ...(toTick !== undefined ? { tick: toTick } : { journalSeq: toEvent! }), actors: values.actor ?? [], seed }, location);
      console.log(JSON.stringify(result, null, 2));
      return 0;
    }
    const { whatIf } = await import('../fork/whatIf.ts');
    const result = await whatIf(live.sql, { from, days, overrides, baseline: !values['no-baseline'], seed, budgetUsd, tickMs, workers, onProgress }, location);
    return await output(result, values);
  } finally {
    await live.close();
  }
}

async function output(result: Awaited<ReturnType<typeof import('../fork/whatIf.ts').whatIf>>, values: Record<string, any>): Promise<number> {
  const { defaultDataRoot } = await import('../fork/ForkPlace.ts');
  const dir = values.out ?? join(defaultDataRoot(), 'reports');
  await mkdir(dir, { recursive: true });
  const base = join(dir, `${result.info.id}-${Date.now().toString(36)}`);
  await writeFile(`${base}.json`, JSON.stringify({ info: result.info, fork: result.fork, baseline: result.baseline, comparison: result.comparison }, null, 2));
  if (result.html) await writeFile(`${base}.html`, result.html);
  if (values.json) {
    console.log(JSON.stringify(result.comparison ?? result.fork, null, 2));
    return 0;
  }
  const f = result.fork;
  const lines = [
    `midgard fork ${result.info.id}: from ${result.info.from} (tick ${result.info.checkpoint.tick}, ${new Date(result.info.checkpoint.now).toISOString()}), ${plural(result.info.actors, 'actor')} copied in ${result.info.seconds}s`,
    `  ran ${plural(f.days, 'day')} in ${f.wall.seconds}s (${f.wall.simDaysPerSecond} days/s): ${f.actions.total} actions, ${f.events.game} game events (${f.events.injected} injected), ${f.ai.llmCalls} model calls ($${f.ai.costUsd})`,
    `  changed: ${f.changes.length ? f.changes.join(', ') : 'nothing'}`,
  ];
  if (result.comparison) {
    const top = result.comparison.differences.slice(0, 8).map((d) => `    ${d.path}: ${JSON.stringify(d.baseline)} → ${JSON.stringify(d.fork)}${d.change !== undefined && Number.isFinite(d.change) ? ` (${d.change > 0 ? '+' : ''}${(d.change * 100).toFixed(1)}%)` : ''}`);
    lines.push(`  against the baseline: ${result.comparison.differences.length} figures differ${top.length ? ', the biggest:' : ''}`, ...top);
  }
  lines.push(`  report: ${base}.json${result.html ? `, ${base}.html` : ''}`);
  console.log(lines.join('\n'));
  return 0;
}
