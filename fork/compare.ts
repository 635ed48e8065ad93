import type { ForkRunReport } from './fastForward.ts';

/**
 * A fork against its baseline (the same fork, same days, no overrides): every figure of the two reports side by
 * side, the ones that differ first — the biggest relative change at the top — then the daily series for charts.
 * Pure: the same two reports always give the same comparison.
 *
 * @example
 * const cmp = compareReports(baseline, changed);
 * cmp.differences[0]; // { path: 'economy.priceIndex', baseline: 1.02, fork: 1.71, change: 0.676 }
 */
export interface Difference {
  path: string;
  baseline: unknown;
  fork: unknown;
  /** fork − baseline, for numbers */
  delta?: number;
  /** delta / |baseline| (Infinity from 0), for numbers */
  change?: number;
}

export interface Comparison {
  fork: ForkRunReport['fork'];
  days: number;
  changes: string[];
  sameWorld: boolean;
  differences: Difference[];
  /** figures equal in both */
  unchanged: number;
  series: {
    days: number[];
    priceIndex: { baseline: number[]; fork: number[] };
    factions: Record<string, { baseline: number[]; fork: number[] }>;
  };
  actionsByType: Record<string, { baseline: number; fork: number }>;
}

/** Parts of a report that describe the run, not the world: never compared. */
const SKIP = new Set(['wall', 'fork', 'overrides', 'changes', 'series', 'hash']);

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (!prefix && SKIP.has(k)) continue;
      flatten(v, prefix ? `${prefix}.${k}` : k, out);
    }
    return;
  }
  out.set(prefix, value);
}

/** What a reader asks first: the economy, the factions, karma, problems, arcs, cost; details after (first match wins). */
const RANKS: [number, RegExp][] = [
  [0, /^(economy\.priceIndex|factions\.|karma\.|problems\.|quests\.|arcs\.|ai\.(costUsd|llmCalls)$|actions\.(total|refused)$)/],
  [2, /^(economy\.items\.|actions\.(byMap|refusedByRule)\.)/],
  [1, /^(actions\.(byType|byAgent)\.|events\.|ai\.|economy\.|health\.)/],
];
export const rankOf = (path: string): number => RANKS.find(([, re]) => re.test(path))?.[0] ?? 3;

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function compareReports(baseline: ForkRunReport, fork: ForkRunReport): Comparison {
  if (baseline.days !== fork.days || baseline.start !== fork.start) {
    throw new Error(`a baseline must start where the fork starts and run as long (baseline ${baseline.days} days from ${baseline.start}, fork ${fork.days} from ${fork.start})`);
  }
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(baseline, '', a);
  flatten(fork, '', b);
  const differences: Difference[] = [];
  let unchanged = 0;
  for (const path of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.has(path) ? a.get(path) : 0;
    const y = b.has(path) ? b.get(path) : 0;
    if (sameValue(x, y)) {
      unchanged++;
      continue;
    }
    const d: Difference = { path, baseline: x, fork: y };
    if (typeof x === 'number' && typeof y === 'number') {
      d.delta = Math.round((y - x) * 10_000) / 10_000;
      d.change = x === 0 ? Infinity : Math.round(((y - x) / Math.abs(x)) * 10_000) / 10_000;
    }
    differences.push(d);
  }
  // headline figures first, then breakdowns, then per-item and per-map detail; within a rank the biggest
  // relative change first (a figure that appears from nothing counts as a full change), non-numbers last
  const weight = (d: Difference) => (d.delta === undefined ? -1 : Math.abs(d.delta) / Math.max(Math.abs(d.baseline as number), Math.abs(d.fork as number)));
  differences.sort((p, q) => rankOf(p.path) - rankOf(q.path) || weight(q) - weight(p) || Math.abs(q.delta ?? 0) - Math.abs(p.delta ?? 0) || p.path.localeCompare(q.path));
  const factions = [...new Set([...Object.keys(baseline.factions), ...Object.keys(fork.factions)])].sort();
  const types = [...new Set([...Object.keys(baseline.actions.byType), ...Object.keys(fork.actions.byType)])].sort();
  return {
    fork: fork.fork,
    days: fork.days,
    changes: fork.changes,
    sameWorld: baseline.hash === fork.hash,
    differences,
    unchanged,
    series: {
      days: fork.series.map((p) => p.day),
      priceIndex: { baseline: baseline.series.map((p) => p.priceIndex), fork: fork.series.map((p) => p.priceIndex) },
      factions: Object.fromEntries(factions.map((f) => [f, { baseline: baseline.series.map((p) => p.factions[f] ?? 0), fork: fork.series.map((p) => p.factions[f] ?? 0) }])),
    },
    actionsByType: Object.fromEntries(types.map((t) => [t, { baseline: baseline.actions.byType[t] ?? 0, fork: fork.actions.byType[t] ?? 0 }])),
  };
}
