// `convsim sweep <scenario> --set PATH=v1,v2,...`: the report's figures for every combination of
// the swept values (the cells), all cells' replications on one worker pool, with common random
// numbers (replication i of every cell uses the same seed). `--shard i/n` runs a deterministic
// share of the (cell, replication) jobs and writes a partial result that `convsim merge` combines.
// `--find` (find-command.ts) uses the same preparation and folder.

import { formatDurationS } from '../engine/duration.js';
import { figureRow, figuresOf, FIGURE_NAMES, type FigureRow } from '../report/figures.js';
import { sweepHtml } from '../report/sweep-html.js';
import { SWEEP_FILES, sweepCsv, sweepJson, sweepTable, type Sweep, type SweepCell } from '../report/sweep.js';
import { expectProblems, judge } from '../report/verdicts.js';
import { capacityProblems } from '../run/capacity.js';
import { statisticsStartS, type ReplicationStats } from '../run/replication.js';
import { closest } from '../scenario/suggest.js';
import type { TrafficScenario } from '../scenario/types.js';
import { parseScenario } from '../scenario/validate.js';
import { cellsOf, jobsOfShard, MAX_CELLS, parseDimension, type Cell, type Dimension, type Shard } from '../sweep/plan.js';
import { BadInput, CannotWrite } from './errors.js';
import { ReportFolder, outProblems } from './folder.js';
import { loadText } from './load.js';
import { runJobs, type Job } from './pool.js';
import { DEFAULT_CONFIDENCE, DEFAULT_REPLICATIONS, fixedWarmupRule, guarded, mserStart, replicationProgress } from './report-command.js';
import type { RunIo } from './run-command.js';
import { VERSION } from './version.js';

export interface FindOptions {
  readonly path: string;
  readonly between: readonly [string, string];
  readonly until: string;
  readonly largest: boolean;
  readonly maxReplications: number | undefined;
  readonly step: string | undefined;
}

export interface SweepOptions {
  readonly file: string;
  readonly out: string;
  /** Every `--set`, as written: `PATH=v1,v2,...`. */
  readonly sets: readonly string[];
  readonly replications: number | undefined;
  readonly warmup: number | 'auto' | undefined;
  readonly confidence: number | undefined;
  readonly metric: string | undefined;
  readonly jobs: number;
  readonly shard: Shard | undefined;
  readonly find: FindOptions | undefined;
}

/** What decides a sweep's results, all of it recorded in a shard's partial result: merge re-derives the rest. */
export interface SweepInput {
  readonly file: string;
  readonly text: string;
  readonly sha256: string;
  readonly sets: readonly string[];
  readonly replications: number | undefined;
  readonly confidence: number | undefined;
  readonly warmup: number | 'auto' | undefined;
  readonly metric: string | undefined;
}

/** A sweep checked and ready to run: every cell's scenario, and the settings resolved. */
export interface Prepared {
  readonly input: SweepInput;
  readonly dimensions: readonly Dimension[];
  readonly cells: readonly Cell[];
  readonly scenarios: readonly TrafficScenario[];
  readonly replications: number;
  readonly confidence: number;
  readonly warmup: number | 'auto';
  readonly metric: string;
  readonly warnings: readonly string[];
}

export const PARTIAL_FILE = 'partial.json';
export const PARTIAL_FORMAT = 'convsim sweep partial result';

/** Every check of a sweep's input, before anything runs; all problems at once (BadInput). */
export function prepareSweep(input: SweepInput, cellLimit = MAX_CELLS): Prepared {
  const problems: string[] = [];
  const dimensions: Dimension[] = [];
  for (const text of input.sets) {
    const d = parseDimension(text);
    if ('problem' in d) problems.push(d.problem);
    else dimensions.push(d);
  }
  const paths = dimensions.map((d) => d.path);
  const twice = paths.find((p, i) => paths.indexOf(p) !== i);
  if (twice !== undefined) problems.push(`convsim: --set ${twice}: given twice; give every value of a dimension in one --set, separated by commas`);
  const count = dimensions.reduce((n, d) => n * d.values.length, 1);
  if (count > cellLimit) problems.push(`convsim: --set: ${count.toLocaleString('en-US')} cells (the product of the value counts); at most ${cellLimit.toLocaleString('en-US')}`);
  if (problems.length > 0) throw new BadInput(problems);

  const cells = cellsOf(dimensions);
  const scenarios: TrafficScenario[] = [];
  const seen = new Set<string>();
  const warnings = new Set<string>();
  // Each problem once: a path that is wrong for one value is wrong for all (the first is named).
  const add = (lines: readonly string[]) => {
    for (const line of lines) {
      const key = line.replace(/ \(--set [^=]*=.*\)$/, '');
      if (!seen.has(key)) problems.push(line);
      seen.add(key);
    }
  };
  for (const cell of cells) {
    const v = parseScenario(input.file, input.text, cell.overrides);
    if (!v.ok) {
      add(v.problems);
      continue;
    }
    const s = v.scenario;
    if (s.kind !== 'traffic') {
      add([`${input.file}: script: convsim sweep replicates generated traffic; this scenario is a script`]);
      continue;
    }
    add([...expectProblems(input.file, s.expect), ...capacityProblems(s, { trace: false })]);
    for (const w of v.warnings) warnings.add(w);
    scenarios.push(s);
  }
  if (problems.length > 0) throw new BadInput(problems);
  const first = scenarios[0]!;
  const metric = input.metric ?? first.expect.keys().next().value ?? 'identityOpen.p99';
  if (!FIGURE_NAMES.includes(metric)) {
    const hint = closest(metric, FIGURE_NAMES);
    throw new BadInput([`convsim: --metric ${metric}: no such figure${hint === undefined ? '' : `; did you mean "${hint}"?`} (the figures are listed in the README, "Capacity planning")`]);
  }
  const replications = input.replications ?? first.report.replications ?? DEFAULT_REPLICATIONS;
  const confidence = input.confidence ?? first.report.confidence ?? DEFAULT_CONFIDENCE;
  const warmup = input.warmup ?? first.report.warmup ?? 'auto';
  if (warmup !== 'auto') {
    const short = scenarios.find((s) => statisticsStartS(s, warmup) >= s.untilS);
    if (short !== undefined) throw new BadInput([`convsim: --warmup: ${formatDurationS(warmup)} leaves no time for statistics in a cell that ends at ${formatDurationS(short.untilS)}`]);
  }
  return { input, dimensions, cells, scenarios, replications, confidence, warmup, metric, warnings: [...warnings] };
}

/** The results of a sweep from its rows (per cell, by replication): what the unsharded run and merge both write. */
export function finishSweep(p: Prepared, rows: readonly (readonly FigureRow[])[], fromS: number, warmupRule: string): Sweep {
  const cells: SweepCell[] = p.cells.map((cell, i) => {
    const figures = figuresOf(rows[i]!, p.confidence);
    return { values: cell.values, replications: rows[i]!.length, fromS, figures, judgements: judge(figures, p.scenarios[i]!.expect) };
  });
  return {
    scenario: { name: p.scenarios[0]!.name, file: p.input.file },
    seed: p.scenarios[0]!.seed,
    replications: p.replications,
    confidence: p.confidence,
    fromS,
    warmupRule,
    overrides: p.input.sets,
    dimensions: p.dimensions.map((d) => ({ path: d.path, values: d.values })),
    metric: p.metric,
    cells,
    find: undefined,
  };
}

/** Returns whether the sweep is a success for the exit code: written (grid), or answered (--find). */
/** The scenario file read (a problem if it cannot be) and the options that decide the results. */
export async function sweepInput(options: SweepOptions, io: RunIo): Promise<SweepInput> {
  const source = await loadText(options.file, io.stdin);
  if ('problem' in source) throw new BadInput([source.problem]);
  return { file: source.name, text: source.text, sha256: source.sha256, sets: options.sets, replications: options.replications, confidence: options.confidence, warmup: options.warmup, metric: options.metric };
}

/** A grid sweep (`--find` is find-command.ts): every cell's replications, then the folder; whether every threshold passed. */
export async function sweepCommand(options: SweepOptions, io: RunIo): Promise<boolean> {
  const input = await sweepInput(options, io);
  if (options.sets.length === 0) throw new BadInput(['convsim: sweep: give at least one --set PATH=v1,v2,... (or --find PATH --between LO HI --until "FIGURE OP VALUE")']);
  const p = prepareSweep(input);
  const shard = options.shard;
  if (shard !== undefined && p.warmup === 'auto') {
    throw new BadInput([
      'convsim: --shard: needs a fixed warm-up (--warmup DURATION, or report.warmup in the scenario): auto chooses it from every cell\'s replications, which one shard does not have; run `convsim report` once to see what auto chooses',
    ]);
  }
  const out = outProblems(options.out);
  if (out.length > 0) throw new CannotWrite(out);
  for (const w of p.warnings) io.warn(w);

  const name = p.scenarios[0]!.name;
  const folderName = shard === undefined ? name : `${name}.shard-${shard.index}-of-${shard.count}`;
  const provenance = {
    convsim: VERSION,
    command: ['convsim', ...io.argv],
    scenario: { file: input.file, name, sha256: input.sha256 },
    seed: p.scenarios[0]!.seed,
    parameters: { sets: options.sets, cells: p.cells.length, replications: p.replications, confidence: p.confidence, warmup: p.warmup === 'auto' ? 'auto' : formatDurationS(p.warmup), metric: p.metric, jobs: options.jobs, shard: shard === undefined ? null : `${shard.index}/${shard.count}` },
    node: process.version,
    started_at: new Date().toISOString(),
  };
  const folder = ReportFolder.open(options.out, folderName, shard === undefined ? [...SWEEP_FILES] : [PARTIAL_FILE], provenance);
  try {
    const list = jobsOfShard(p.cells.length, p.replications, shard);
    const pass = (warmupS: number, label: string) => runAll(p, list, warmupS, options.jobs, label, io);
    let fromS: number;
    let rule: string;
    let results: ReplicationStats[];
    if (p.warmup === 'auto') {
      // First pass from the start; MSER-5 per cell; every cell then measures from the latest choice.
      const first = await pass(0, 'warm-up pass ');
      const chosen = byCell(p.cells.length, list, first).map((reps, c) => mserStart(p.scenarios[c]!, reps));
      fromS = Math.max(...chosen.map((x) => x.fromS));
      rule = `MSER-5 on each cell's replication-averaged open count; every cell measures from the latest choice (${chosen.map((x) => x.mser.intervals).join(', ')} intervals dropped by cell)`;
      results = fromS === 0 ? first : await pass(fromS, '');
    } else {
      fromS = p.warmup;
      rule = fixedWarmupRule(p.warmup);
      results = await pass(fromS, '');
    }
    const rows = list.map((_, k) => figureRow(results[k]!));
    if (shard !== undefined) {
      const partial = {
        format: PARTIAL_FORMAT,
        convsim: VERSION,
        shard: { index: shard.index, count: shard.count },
        input: { ...input, warmup: fromS },
        jobs: list.map((j, k) => ({ cell: j.cell, replication: j.replication, row: rows[k]!.map((x) => x ?? null) })),
      };
      folder.writeFiles([[PARTIAL_FILE, [`${JSON.stringify(partial)}\n`]]]);
      folder.publish();
      io.progress?.('');
      io.print(`${name}: shard ${shard.index}/${shard.count}: ${list.length} of ${p.cells.length * p.replications} replications (${p.cells.length} cells); combine the shards with convsim merge`);
      io.print(`-> ${folder.target}`);
      return true;
    }
    const sweep = finishSweep(p, byCell(p.cells.length, list, rows), fromS, rule);
    await publishSweep(folder, sweep, io);
    return true;
  } finally {
    folder.abandon();
  }
}

/** Writes sweep.html, .json, .csv into the folder, publishes it (run.json from its provenance) and prints the table. */
export async function publishSweep(folder: ReportFolder, sweep: Sweep, io: RunIo): Promise<void> {
  io.progress?.(`${sweep.scenario.name}: drawing the charts`);
  const files: [string, Iterable<string>][] = [
    ['sweep.html', [await sweepHtml(sweep)]],
    ['sweep.json', [sweepJson(sweep)]],
    ['sweep.csv', sweepCsv(sweep)],
  ];
  folder.writeFiles(files, (file) => io.progress?.(`${sweep.scenario.name}: writing ${file}`));
  folder.publish();
  io.progress?.('');
  for (const line of sweepTable(sweep)) io.print(line);
  io.print(`-> ${folder.target}`);
}

/** The jobs' results grouped by cell, each cell's in the order of its jobs (one pass over them). */
function byCell<T>(cells: number, list: readonly { cell: number }[], results: readonly T[]): T[][] {
  const grouped: T[][] = Array.from({ length: cells }, () => []);
  list.forEach((j, k) => grouped[j.cell]!.push(results[k]!));
  return grouped;
}

/** The listed (cell, replication) jobs on one pool, from the same warm-up, with a progress line. */
function runAll(p: Prepared, list: readonly { cell: number; replication: number }[], warmupS: number, threads: number, label: string, io: RunIo): Promise<ReplicationStats[]> {
  const jobs: Job[] = list.map((j) => ({ scenario: p.scenarios[j.cell]!, replication: j.replication, warmupS }));
  const name = p.scenarios[0]!.name;
  const onDone = replicationProgress(io)(list.length, (done, rate, leftS) => `${name}: ${label}${done}/${list.length} replications of ${p.cells.length} cells, ${rate} events/s, about ${leftS} s left`);
  return guarded(p.scenarios[0]!, () => runJobs(jobs, threads, onDone, io.interrupted));
}
