// The files and the terminal table of a capacity-planning report: pure functions from the
// replications' statistics to text. summary.json (every figure: mean, interval, per-replication
// values; theory; thresholds), replications.csv, timeseries.csv (mean and interval per row).

import type { ReplicationStats } from '../run/replication.js';
import type { TrafficScenario } from '../scenario/types.js';
import { estimate } from '../stats/interval.js';
import type { Truncation } from '../stats/mser.js';
import { formatTimestamp } from '../util/iso-time.js';
import { formatDurationS } from '../engine/duration.js';
import { csvChunks, type Cell } from './csv.js';
import type { Figure } from './figures.js';
import type { Comparison } from './theory.js';
import { terminalNumber } from './page.js';
import type { Judgement } from './verdicts.js';

export const REPORT_FILES = ['report.html', 'summary.json', 'replications.csv', 'timeseries.csv'] as const;
/** The version of summary.json's layout: bumped when a field changes meaning or goes. */
export const SUMMARY_VERSION = 1;

export interface Warmup {
  readonly requested: 'auto' | number;
  /** Where statistics start (an interval boundary), in seconds. */
  readonly fromS: number;
  readonly rule: string;
  readonly mser: Truncation | undefined;
}

export interface Report {
  readonly scenario: TrafficScenario;
  /** The `--set` changes made to the scenario file, as written. */
  readonly overrides: readonly string[];
  readonly confidence: number;
  readonly warmup: Warmup;
  readonly replications: readonly ReplicationStats[];
  readonly figures: readonly Figure[];
  readonly theory: readonly Comparison[];
  readonly judgements: readonly Judgement[];
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

export function summaryJson(r: Report): string {
  const s = r.scenario;
  const summary = {
    version: SUMMARY_VERSION,
    scenario: s.name,
    seed: s.seed,
    until_s: s.untilS,
    overrides: r.overrides,
    replications: r.replications.map((x) => ({ replication: x.replication, seed: x.seed })),
    confidence: r.confidence,
    warmup: {
      requested: r.warmup.requested === 'auto' ? 'auto' : formatDurationS(r.warmup.requested),
      statistics_from_s: r.warmup.fromS,
      rule: r.warmup.rule,
      ...(r.warmup.mser === undefined ? {} : { mser: { intervals_dropped: r.warmup.mser.intervals, at_choice: round(r.warmup.mser.mserAtChoice), at_zero: round(r.warmup.mser.mserAtZero) } }),
    },
    figures: Object.fromEntries(
      r.figures.map((f) => [
        f.name,
        {
          label: f.label,
          unit: f.unit,
          mean: f.estimate === undefined ? null : round(f.estimate.mean),
          low: f.estimate === undefined ? null : round(f.estimate.low),
          high: f.estimate === undefined ? null : round(f.estimate.high),
          values: f.values.map((v) => (v === undefined ? null : round(v))),
        },
      ]),
    ),
    theory: r.theory.map((t) => ({
      figure: t.figure,
      model: t.model,
      value: t.value === undefined ? null : round(t.value),
      ...(t.unavailable === undefined ? { relative_error: t.relativeError === undefined ? null : round(t.relativeError), covered: t.covered ?? null } : { unavailable: t.unavailable }),
    })),
    expect: r.judgements.map((j) => ({
      figure: j.figure,
      bound: j.bound.text,
      verdict: j.verdict,
      ...(j.replicationsToSettle === undefined ? {} : { replications_to_settle: j.replicationsToSettle }),
    })),
  };
  return `${JSON.stringify(summary, null, 2)}\n`;
}

export function replicationsCsv(r: Report): Iterable<string> {
  const header = ['replication', 'seed', 'statistics_from_s', 'events', ...r.figures.map((f) => f.name)];
  const rows = r.replications.map((x, i): Cell[] => [x.replication, x.seed, x.fromS, x.events, ...r.figures.map((f) => (f.values[i] === undefined ? '' : round(f.values[i]!)))]);
  return csvChunks(header, rows);
}

/** Per timeseries interval: the mean across replications and its interval, for the main counts. */
export function timeseriesCsv(r: Report): Iterable<string> {
  const series = [
    ['open_average', (x: ReplicationStats, i: number) => x.intervals[i]!.openAverage],
    ['active', (x: ReplicationStats, i: number) => x.intervals[i]!.active],
    ['inactive', (x: ReplicationStats, i: number) => x.intervals[i]!.inactive],
    ['webhooks', (x: ReplicationStats, i: number) => x.intervals[i]!.webhooks],
  ] as const;
  const header = ['time', 'offset_s', 'after_warmup', ...series.flatMap(([name]) => [`${name}_mean`, `${name}_low`, `${name}_high`])];
  const first = r.replications[0]!;
  const s = r.scenario;
  const rows = first.intervals.map((_row, i): Cell[] => {
    const startS = i === 0 ? 0 : first.intervals[i - 1]!.endS;
    const cells: Cell[] = [formatTimestamp(s.startEpochS + startS), startS, startS >= r.warmup.fromS ? 1 : 0];
    for (const [, value] of series) {
      const e = estimate(
        r.replications.map((x) => value(x, i)),
        r.confidence,
      );
      cells.push(round(e.mean), round(e.low), round(e.high));
    }
    return cells;
  });
  return csvChunks(header, rows);
}

/** The terminal's account: the key figures, then each threshold's verdict. */
export function terminalTable(r: Report): string[] {
  const key = ['open.mean', 'open.p99', 'open.max', 'identityOpen.p99', 'identityOpen.peak', 'identityOpen.refusedShare', 'lifetime.p50', 'lifetime.p95', 'webhooks.meanPerSecond', 'webhooks.worstMinute'];
  const pct = Math.round(r.confidence * 100);
  const lines = [`${r.scenario.name}: ${r.replications.length} replications, statistics from ${formatDurationS(r.warmup.fromS)} (${r.warmup.rule}), ${pct}% confidence intervals`];
  const show = terminalNumber;
  for (const name of key) {
    const f = r.figures.find((x) => x.name === name)!;
    const e = f.estimate;
    lines.push(`  ${name.padEnd(28)} ${e === undefined ? 'beyond the run'.padStart(12) : show(e.mean).padStart(12)}  ${e === undefined ? '' : `[${show(e.low)}, ${show(e.high)}]`}`);
  }
  for (const j of r.judgements) {
    const settle = j.replicationsToSettle === undefined ? '' : ` (about ${j.replicationsToSettle} replications would likely settle it)`;
    lines.push(`  expect ${j.figure} ${j.bound.text}: ${j.verdict.toUpperCase()}${settle}`);
  }
  return lines;
}
