import type { Sql } from 'postgres';
import { compareReports, type Comparison } from './compare.ts';
import { createFork, type ForkFrom, type ForkInfo } from './createFork.ts';
import { fastForward, type ForkRunReport } from './fastForward.ts';
import type { ForkLocation } from './ForkPlace.ts';
import { ForkPlace } from './ForkPlace.ts';
import { NO_OVERRIDES, type Overrides } from './overrides.ts';
import { reportHtml } from './reportHtml.ts';

/**
 * The whole question in one call — what the CLI, the admin API and the benchmark ask: fork the live world, run
 * the changed fork and a baseline (same start, same days, no overrides), and compare them. Both reports are kept
 * in the fork's place (`fork_runs`), with the comparison and its HTML page.
 *
 * @example
 * const result = await whatIf(liveSql, { from: 'latest', days: 7, overrides }, { url: process.env.DATABASE_URL });
 */
export interface WhatIfOptions {
  from: ForkFrom;
  days: number;
  overrides?: Overrides;
  /** run the no-override baseline too (default true) */
  baseline?: boolean;
  seed?: number;
  budgetUsd?: number;
  tickMs?: number;
  workers?: number;
  env?: Record<string, string | undefined>;
  /** progress of the whole job in [0, 1] and what it is doing */
  onProgress?: (done: number, stage: string) => void;
}

export interface WhatIfResult {
  info: ForkInfo;
  fork: ForkRunReport;
  baseline: ForkRunReport | null;
  comparison: Comparison | null;
  html: string | null;
}

export async function whatIf(live: Sql, options: WhatIfOptions, location: ForkLocation): Promise<WhatIfResult> {
  options.onProgress?.(0, 'copying the world');
  const { place, info } = await createFork(live, { from: options.from, seed: options.seed }, location);
  try {
    return await runOn(place, info, options);
  } finally {
    await place.close();
  }
}

/** Run (again) on an existing fork: the same fork run twice gives the same reports. */
export async function runOn(place: ForkPlace, info: ForkInfo, options: Omit<WhatIfOptions, 'from' | 'seed'>): Promise<WhatIfResult> {
  const overrides = options.overrides ?? NO_OVERRIDES;
  const wantBaseline = options.baseline !== false;
  const runs = wantBaseline ? 2 : 1;
  const common = { days: options.days, tickMs: options.tickMs, workers: options.workers, budgetUsd: options.budgetUsd, env: options.env };
  const stage = (i: number, name: string) => (done: number) => options.onProgress?.((i + done) / runs, name);
  const fork = await fastForward(place, { ...common, overrides, onProgress: stage(0, 'running the fork') });
  await place.saveRun('fork', fork);
  let baseline: ForkRunReport | null = null;
  let comparison: Comparison | null = null;
  let html: string | null = null;
  if (wantBaseline) {
    baseline = await fastForward(place, { ...common, overrides: NO_OVERRIDES, onProgress: stage(1, 'running the baseline') });
    await place.saveRun('baseline', baseline);
    comparison = compareReports(baseline, fork);
    html = reportHtml(comparison);
    await place.saveRun('comparison', comparison);
  }
  options.onProgress?.(1, 'done');
  return { info, fork, baseline, comparison, html };
}
