import { spawn } from 'node:child_process';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sql } from 'postgres';
import { PROJECT_ROOT } from '../app/paths.ts';
import { log } from '../runtime/log.ts';
import { archiveCheckpoint, listArchived, type ArchivedCheckpoint } from './archive.ts';
import type { Comparison } from './compare.ts';
import { checkFrom, createFork, describeFrom, type ForkFrom, type ForkInfo } from './createFork.ts';
import type { ForkRunReport } from './fastForward.ts';
import { ForkPlace, newForkId, type ForkLocation } from './ForkPlace.ts';
import type { Overrides } from './overrides.ts';
import { replayLive, type ReplayResult, type ReplayTarget } from './replay.ts';
import { reportHtml } from './reportHtml.ts';
import { runOn } from './whatIf.ts';

/**
 * Forks as the running world offers them (admin API, dashboard): a job per what-if question. The copy is made
 * in this process (it reads the live database, which the embedded default lets only this process open); the
 * fast-forward then runs in a child process (`midgard fork run <id>`) on the fork's own place, so the live
 * world's clock is not slowed by it. Both happen after the request is answered (a fresh embedded data dir alone
 * takes seconds, and the gateway answers every request within 10 s): `start` checks what it was asked and
 * returns the job at once. Replays are jobs too. Jobs are kept in memory; reports stay in the fork's place.
 *
 * @example
 * const forks = new ForkService({ live: db.sql, location: { url: env.DATABASE_URL }, seed: 1 });
 * const job = await forks.start({ from: 'latest', days: 7, overrides });
 */
export interface ForkRequest {
  from: ForkFrom;
  days: number;
  overrides: Overrides;
  baseline: boolean;
}

export interface ForkJob {
  id: string;
  request: { from: string; days: number; baseline: boolean; overrides: Overrides };
  state: 'copying' | 'running' | 'done' | 'failed';
  progress: number;
  startedAt: string;
  fork?: ForkInfo;
  error?: string;
  summary?: { differences: number; sameWorld: boolean; actions: number; seconds: number; top: Comparison['differences'] };
}

export interface ReplayJob {
  id: string;
  target: ReplayTarget;
  state: 'running' | 'done' | 'failed';
  startedAt: string;
  result?: ReplayResult;
  error?: string;
}

export interface ForkServiceOptions {
  live: Sql;
  location: ForkLocation;
  seed: number;
  env?: Record<string, string | undefined>;
  /** 'child' (default): fast-forward in a child process; 'inline': here (tests) */
  mode?: 'child' | 'inline';
}

const CLI = join(PROJECT_ROOT, 'bin/midgard.js');

export class ForkService {
  private readonly jobs = new Map<string, ForkJob>();
  private readonly results = new Map<string, { fork: ForkRunReport; comparison: Comparison | null }>();
  private readonly replays = new Map<string, ReplayJob>();

  constructor(private readonly options: ForkServiceOptions) {}

  list(): ForkJob[] {
    return [...this.jobs.values()].reverse();
  }

  job(id: string): ForkJob | undefined {
    return this.jobs.get(id);
  }

  /** The comparison (or the fork's report when it ran without a baseline), once the job is done. */
  report(id: string): { fork: ForkRunReport; comparison: Comparison | null } | undefined {
    return this.results.get(id);
  }

  html(id: string): string | undefined {
    const r = this.results.get(id);
    return r?.comparison ? reportHtml(r.comparison) : undefined;
  }

  /** Check `from` now (a bad one throws and nothing is copied), then copy and run in the background. */
  async start(request: ForkRequest): Promise<ForkJob> {
    await checkFrom(this.options.live, request.from);
    const job: ForkJob = {
      id: newForkId(), state: 'copying', progress: 0, startedAt: new Date().toISOString(),
      request: { from: describeFrom(request.from), days: request.days, baseline: request.baseline, overrides: request.overrides },
    };
    this.jobs.set(job.id, job);
    const run = async () => {
      const { place, info } = await createFork(this.options.live, { from: request.from, seed: this.options.seed, id: job.id }, this.options.location);
      job.fork = info;
      job.state = 'running';
      if (this.options.mode === 'inline') return this.runInline(place, info, request, job);
      await place.close();
      return this.runChild(request, job);
    };
    void run().then(
      (result) => this.finish(job, result),
      (err: Error) => {
        job.state = 'failed';
        job.error = err.message;
        log.error({ err, fork: job.id }, 'fork failed');
      },
    );
    return job;
  }

  /** Start a replay (fork/replay.ts) after checking its checkpoint exists; its result is kept with the job. */
  async startReplay(target: ReplayTarget): Promise<ReplayJob> {
    await checkFrom(this.options.live, { checkpoint: target.checkpoint });
    if (target.tick !== undefined && target.tick < target.checkpoint) throw new Error(`replay must stop at or after the checkpoint's tick ${target.checkpoint}`);
    const job: ReplayJob = { id: `r${newForkId()}`, target, state: 'running', startedAt: new Date().toISOString() };
    this.replays.set(job.id, job);
    void this.replay(target).then(
      (result) => Object.assign(job, { state: 'done', result }),
      (err: Error) => Object.assign(job, { state: 'failed', error: err.message }),
    );
    return job;
  }

  replayJob(id: string): ReplayJob | undefined {
    return this.replays.get(id);
  }

  /** Resolves when a replay is done or failed (tests). */
  async replaySettled(id: string): Promise<ReplayJob> {
    for (;;) {
      const job = this.replays.get(id);
      if (!job || job.state !== 'running') return job!;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Resolves when the job is done or failed (tests, the CLI's --wait). */
  async settled(id: string): Promise<ForkJob> {
    for (;;) {
      const job = this.jobs.get(id);
      if (!job || job.state === 'done' || job.state === 'failed') return job!;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  archive(): Promise<number | null> {
    return archiveCheckpoint(this.options.live);
  }

  checkpoints(): Promise<ArchivedCheckpoint[]> {
    return listArchived(this.options.live);
  }

  replay(target: ReplayTarget): Promise<ReplayResult> {
    return replayLive(this.options.live, { ...target, seed: this.options.seed }, this.options.location);
  }

  private async runInline(place: ForkPlace, info: ForkInfo, request: ForkRequest, job: ForkJob) {
    try {
      const result = await runOn(place, info, { days: request.days, overrides: request.overrides, baseline: request.baseline, onProgress: (done) => (job.progress = done) });
      return { fork: result.fork, comparison: result.comparison };
    } finally {
      await place.close();
    }
  }

  private async runChild(request: ForkRequest, job: ForkJob) {
    const dir = await mkdtemp(join(tmpdir(), 'midgard-fork-'));
    try {
      const overrides = join(dir, 'overrides.json');
      await writeFile(overrides, JSON.stringify(request.overrides));
      const args = [CLI, 'fork', 'run', job.id, '--days', String(request.days), '--overrides', overrides, '--json', '--progress-lines', '--out', dir, ...(request.baseline ? [] : ['--no-baseline'])];
      const env = { ...(this.options.env ?? process.env), MIDGARD_FORKS_DIR: this.options.location.dataRoot ?? '', DATABASE_URL: this.options.location.url ?? '' };
      await new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
        let tail = '';
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
          tail = (tail + chunk).slice(-4000);
          for (const m of chunk.matchAll(/^progress (\d+(?:\.\d+)?)$/gm)) job.progress = Number(m[1]);
        });
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`midgard fork run exited ${code}: ${tail.trim().split('\n').slice(-3).join(' | ')}`))));
      });
      const place = await ForkPlace.open(this.options.location, job.id);
      try {
        const runs = await place.runs();
        const last = (name: string) => runs.filter((r) => r.name === name).at(-1)?.report;
        return { fork: last('fork') as ForkRunReport, comparison: (last('comparison') as Comparison | undefined) ?? null };
      } finally {
        await place.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private finish(job: ForkJob, result: { fork: ForkRunReport; comparison: Comparison | null }): void {
    this.results.set(job.id, result);
    job.state = 'done';
    job.progress = 1;
    job.summary = {
      differences: result.comparison?.differences.length ?? 0, sameWorld: result.comparison?.sameWorld ?? true,
      actions: result.fork.actions.total, seconds: result.fork.wall.seconds, top: result.comparison?.differences.slice(0, 10) ?? [],
    };
  }
}
