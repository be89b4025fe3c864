// `convsim report <scenario>`: N replications of a traffic scenario on worker threads, the
// warm-up chosen by MSER-5 (or given), every figure with its confidence interval, theory beside
// it, the `expect` thresholds judged, and the report folder published whole.

import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { formatDurationS } from '../engine/duration.js';
import { REPORT_FILES, replicationsCsv, summaryJson, terminalTable, timeseriesCsv, type Report, type Warmup } from '../report/capacity.js';
import { figures } from '../report/figures.js';
import { reportHtml } from '../report/html.js';
import { compareWithTheory } from '../report/theory.js';
import { expectProblems, judge } from '../report/verdicts.js';
import { capacityLine, capacityProblems } from '../run/capacity.js';
import { statisticsStartS, type ReplicationStats } from '../run/replication.js';
import type { Override } from '../scenario/overrides.js';
import type { TrafficScenario } from '../scenario/types.js';
import { mser5, type Truncation } from '../stats/mser.js';
import { CapacityExceeded } from '../util/capacity.js';
import { BadInput, CannotWrite } from './errors.js';
import { ReportFolder, outProblems } from './folder.js';
import { loadAll } from './load.js';
import { runReplications } from './pool.js';
import { compact, type RunIo } from './run-command.js';
import { VERSION } from './version.js';

export interface ReportOptions {
  readonly file: string;
  readonly out: string;
  readonly replications: number | undefined;
  /** Seconds, 'auto', or undefined for the scenario's setting (default auto). */
  readonly warmup: number | 'auto' | undefined;
  readonly confidence: number | undefined;
  readonly jobs: number;
  /** `--set PATH=VALUE`, applied before validation; recorded in summary.json and run.json. */
  readonly overrides: readonly Override[];
}

export const DEFAULT_REPLICATIONS = 10;
export const DEFAULT_CONFIDENCE = 0.95;

/** Runs the report; returns whether every threshold passed (exit 0) or not (exit 3). */
export async function reportCommand(options: ReportOptions, io: RunIo): Promise<boolean> {
  const load = await loadAll([options.file], io.stdin, options.overrides);
  const problems: string[] = load.ok ? [] : [...load.problems];
  const scenario = load.ok ? load.loaded[0]!.scenario : undefined;
  if (scenario !== undefined && scenario.kind !== 'traffic') problems.push(`${scenario.file}: script: convsim report replicates generated traffic; this scenario is a script (run it with convsim run)`);
  if (scenario !== undefined) problems.push(...expectProblems(scenario.file, scenario.expect), ...capacityProblems(scenario, { trace: false }));
  const out = outProblems(options.out);
  if (problems.length > 0) throw new BadInput([...problems, ...out]);
  if (out.length > 0) throw new CannotWrite(out);
  const s = scenario as TrafficScenario;
  const n = options.replications ?? s.report.replications ?? DEFAULT_REPLICATIONS;
  const confidence = options.confidence ?? s.report.confidence ?? DEFAULT_CONFIDENCE;
  const requested = options.warmup ?? s.report.warmup ?? 'auto';
  // Statistics start at the interval boundary after the warm-up: at least one interval must be left.
  if (requested !== 'auto' && statisticsStartS(s, requested) >= s.untilS) {
    const where = options.warmup !== undefined ? 'convsim: --warmup' : `${s.file}: report.warmup`;
    throw new BadInput([`${where}: ${formatDurationS(requested)} leaves no time for statistics: the run ends at ${formatDurationS(s.untilS)} (until), and statistics start at the next ${formatDurationS(s.traffic.intervalS)} interval boundary`]);
  }
  for (const w of load.ok ? load.warnings : []) io.warn(w);

  const startedAt = new Date().toISOString();
  const provenance = {
    convsim: VERSION,
    command: ['convsim', ...io.argv],
    scenario: { file: s.file, name: s.name, sha256: load.ok ? load.loaded[0]!.sha256 : '' },
    seed: s.seed,
    parameters: { overrides: options.overrides.map((o) => o.text), replications: n, confidence, warmup: requested === 'auto' ? 'auto' : formatDurationS(requested), jobs: options.jobs, until_s: s.untilS, traffic: s.traffic },
    node: process.version,
    started_at: startedAt,
  };
  const folder = ReportFolder.open(options.out, s.name, [...REPORT_FILES], provenance);
  try {
    const { replications, warmup } = await replicate(s, n, requested, options.jobs, io);
    const figs = figures(replications, confidence);
    const report: Report = { scenario: s, overrides: options.overrides.map((o) => o.text), confidence, warmup, replications, figures: figs, theory: compareWithTheory(s, figs), judgements: judge(figs, s.expect) };
    io.progress?.(`${s.name}: drawing the charts`);
    const files: [string, Iterable<string>][] = [
      ['report.html', [await reportHtml(report, load.ok ? load.loaded[0]!.text : '')]],
      ['summary.json', [summaryJson(report)]],
      ['replications.csv', replicationsCsv(report)],
      ['timeseries.csv', timeseriesCsv(report)],
    ];
    folder.writeFiles(files, (name) => io.progress?.(`${s.name}: writing ${name}`));
    folder.publish();
    io.progress?.('');
    for (const line of terminalTable(report)) io.print(line);
    io.print(`-> ${folder.target}`);
    return report.judgements.every((j) => j.verdict === 'pass');
  } finally {
    folder.abandon();
  }
}

/**
 * N replications of `s` from the warm-up: `auto` runs a first pass from the start, lets MSER-5
 * on the replication-averaged open count pick the truncation, and runs a second pass from there
 * (unless it is the start). `atLeastS` makes statistics start no earlier (compare: both alike).
 */
export async function replicate(s: TrafficScenario, n: number, requested: 'auto' | number, jobs: number, io: RunIo, atLeastS = 0): Promise<{ replications: ReplicationStats[]; warmup: Warmup }> {
  const numbers = Array.from({ length: n }, (_, i) => i + 1);
  const meter = replicationProgress(io);
  const progress = (pass: string) => meter(n, (done, rate, leftS) => `${s.name}: ${pass}${bar(done, n)} ${done}/${n} replications, ${rate} events/s, about ${leftS} s left`);
  const run = (warmupS: number, pass: string): Promise<ReplicationStats[]> => guarded(s, () => runReplications(s, numbers, warmupS, jobs, progress(pass), io.interrupted));
  if (requested === 'auto') {
    const first = await run(atLeastS, 'warm-up pass ');
    const { mser, fromS } = mserStart(s, first, atLeastS);
    const replications = fromS === first[0]!.fromS ? first : await run(fromS, '');
    return { replications, warmup: { requested, fromS, rule: `MSER-5 on the replication-averaged open count: ${mser.intervals} of ${first[0]!.intervals.length} intervals dropped`, mser } };
  }
  const warmupS = Math.max(requested, atLeastS);
  const replications = await run(warmupS, '');
  return { replications, warmup: { requested, fromS: statisticsStartS(s, warmupS), rule: fixedWarmupRule(warmupS), mser: undefined } };
}

/**
 * MSER-5 on the replication-averaged open count of a first pass (from the start): the
 * truncation it picks, and the interval boundary statistics then start at (no earlier than `atLeastS`).
 */
export function mserStart(s: TrafficScenario, first: readonly ReplicationStats[], atLeastS = 0): { mser: Truncation; fromS: number } {
  const averaged = first[0]!.intervals.map((_, i) => first.reduce((sum, r) => sum + r.intervals[i]!.openAverage, 0) / first.length);
  const mser = mser5(averaged);
  return { mser, fromS: Math.max(statisticsStartS(s, atLeastS), statisticsStartS(s, mser.intervals * s.traffic.intervalS)) };
}

/** How a given warm-up is described in the outputs. */
export function fixedWarmupRule(warmupS: number): string {
  return warmupS === 0 ? 'no warm-up' : `warm-up ${formatDurationS(warmupS)}, from the next interval boundary`;
}

/**
 * Progress for replications coming back from the pool: events per second since the meter was
 * made (over every pass it counts), and the time left; `line` words it.
 */
export function replicationProgress(io: RunIo) {
  const started = performance.now();
  let events = 0;
  return (total: number, line: (done: number, rate: string, leftS: number) => string) =>
    (done: number, stats: ReplicationStats): void => {
      events += stats.events;
      if (io.progress === undefined) return;
      const seconds = (performance.now() - started) / 1000;
      io.progress(line(done, compact(events / seconds), Math.ceil(((total - done) * seconds) / Math.max(1, done))));
    };
}

/** A capacity limit a replication reaches is the user's to fix: one line, exit 2. */
export async function guarded<T>(s: TrafficScenario, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof CapacityExceeded) throw new BadInput([capacityLine(s, e)]);
    throw e;
  }
}

function bar(done: number, total: number): string {
  const width = 20;
  const full = Math.round((width * done) / total);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
}


/** The default for --jobs: the cores this process may use. */
export function defaultJobs(): number {
  return Math.max(1, os.availableParallelism());
}
