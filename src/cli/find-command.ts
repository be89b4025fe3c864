// `convsim sweep FILE --find PATH --between LO HI --until "FIGURE OP VALUE"`: the planning question
// ("the largest closed timer with open.mean < 200") answered by bisection over one parameter
// (sweep/find.ts); each point is a sweep cell (sweep-command.ts prepares it), and the folder is a
// sweep's, with the search's points as its cells.

import { formatDurationS, parseDurationS } from '../engine/duration.js';
import { figureRow, figuresOf, FIGURE_NAMES, type FigureRow } from '../report/figures.js';
import { SWEEP_FILES, type Sweep, type SweepCell } from '../report/sweep.js';
import { judge } from '../report/verdicts.js';
import { parseBound, type Bound } from '../scenario/report.js';
import { closest } from '../scenario/suggest.js';
import type { TrafficScenario } from '../scenario/types.js';
import { find, type Evaluation, type FindSpec, type ParameterKind } from '../sweep/find.js';
import { parseDimension } from '../sweep/plan.js';
import { BadInput, CannotWrite } from './errors.js';
import { ReportFolder, outProblems } from './folder.js';
import { runJobs } from './pool.js';
import { guarded, replicate } from './report-command.js';
import type { RunIo } from './run-command.js';
import { prepareSweep, publishSweep, sweepInput, type FindOptions, type Prepared, type SweepOptions } from './sweep-command.js';
import { VERSION } from './version.js';

/** `"identityOpen.p99 < 800"` as a figure and a bound, or the problem. */
function parseUntil(text: string): { figure: string; bound: Bound } | { problem: string } {
  const m = /^\s*([A-Za-z0-9_.]+)\s*(.*)$/s.exec(text.slice(0, 200));
  const bound = m === null ? undefined : parseBound(m[2]!);
  if (m === null || bound === undefined) return { problem: `convsim: --until: expected "FIGURE OP VALUE", like "identityOpen.p99 < 800"; got ${JSON.stringify(text.slice(0, 80))}` };
  if (!FIGURE_NAMES.includes(m[1]!)) {
    const hint = closest(m[1]!, FIGURE_NAMES);
    return { problem: `convsim: --until: ${m[1]}: no such figure${hint === undefined ? '' : `; did you mean "${hint}"?`} (the figures are listed in the README, "Capacity planning")` };
  }
  return { figure: m[1]!, bound };
}

/** The parameter's kind, range and step from --between and --step, or the problems. */
function findRange(f: FindOptions): { kind: ParameterKind; low: number; high: number; step: number; show: (x: number) => string } | { problems: string[] } {
  const [a, b] = f.between;
  const isNumber = (t: string) => /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(t);
  const problems: string[] = [];
  let kind: ParameterKind;
  let low: number;
  let high: number;
  if (isNumber(a) && isNumber(b)) {
    [low, high] = [Number(a), Number(b)];
    kind = Number.isInteger(low) && Number.isInteger(high) && (f.step === undefined || Number.isInteger(Number(f.step))) ? 'integer' : 'real';
  } else if (parseDurationS(a) !== undefined && parseDurationS(b) !== undefined) {
    [low, high] = [parseDurationS(a)!, parseDurationS(b)!];
    kind = 'duration';
  } else {
    return { problems: [`convsim: --between: expected two numbers (like 50 2000) or two durations (like PT1H P30D); got ${JSON.stringify(a)} and ${JSON.stringify(b)}`] };
  }
  if (!(low < high)) problems.push(`convsim: --between: the first value must be below the second; got ${a} and ${b}`);
  let step = kind === 'real' ? (high - low) / 1000 : 1;
  if (f.step !== undefined) {
    const s = kind === 'duration' ? parseDurationS(f.step) : isNumber(f.step) ? Number(f.step) : undefined;
    if (s === undefined || !(s > 0) || (kind === 'duration' && !Number.isInteger(s))) problems.push(`convsim: --step: expected a positive ${kind === 'duration' ? 'duration of whole seconds, like PT1M' : 'number'}; got ${JSON.stringify(f.step)}`);
    else step = s;
  }
  if (problems.length === 0 && (high - low) / step > 1e7) problems.push(`convsim: --step: ${(high - low) / step} steps between ${a} and ${b}; at most 10,000,000`);
  if (problems.length > 0) return { problems };
  const show = kind === 'duration' ? (x: number) => formatDurationS(x) : (x: number) => String(x);
  return { kind, low, high, step, show };
}

/**
 * `convsim sweep --find`: bisection over one parameter, each point judged on its replications
 * (more where the interval is too wide to decide), written as a one-dimension sweep; whether it
 * found an answer that breaks no other threshold.
 */
export async function findCommand(options: SweepOptions, f: FindOptions, io: RunIo): Promise<boolean> {
  const input = await sweepInput(options, io);
  const problems: string[] = [];
  if (options.shard !== undefined) problems.push('convsim: --shard: a --find search is sequential (each point depends on the last); shard a grid sweep instead');
  const until = parseUntil(f.until);
  if ('problem' in until) problems.push(until.problem);
  const range = findRange(f);
  if ('problems' in range) problems.push(...range.problems);
  if (options.metric !== undefined && !('problem' in until) && options.metric !== until.figure) problems.push(`convsim: --metric: with --find, the metric is --until's figure (${until.figure}); leave --metric out`);
  const multi = input.sets.filter((t) => {
    const d = parseDimension(t);
    return !('problem' in d) && d.values.length > 1;
  });
  if (multi.length > 0) problems.push(`convsim: --set ${multi[0]}: --find searches one parameter; give the other --set values one at a time`);
  if (problems.length > 0) throw new BadInput(problems);
  const r = range as Exclude<typeof range, { problems: string[] }>;
  const u = until as { figure: string; bound: Bound };
  // The parameter is one more --set: validated at both ends of the range before anything runs.
  const setAt = (x: number): string => `${f.path}=${r.kind === 'duration' ? formatDurationS(x) : String(x)}`;
  const at = (x: number): Prepared => prepareSweep({ ...input, sets: [...input.sets, setAt(x)], metric: u.figure });
  const ends = [at(r.low), at(r.high)];
  const p = ends[0]!;
  const maxReplications = f.maxReplications ?? Math.max(4 * p.replications, 40);
  if (maxReplications < p.replications) throw new BadInput([`convsim: --max-replications: ${maxReplications} is fewer than the ${p.replications} replications each point starts with`]);
  const out = outProblems(options.out);
  if (out.length > 0) throw new CannotWrite(out);
  for (const w of p.warnings) io.warn(w);

  const name = p.scenarios[0]!.name;
  const provenance = {
    convsim: VERSION,
    command: ['convsim', ...io.argv],
    scenario: { file: input.file, name, sha256: input.sha256 },
    seed: p.scenarios[0]!.seed,
    parameters: { sets: input.sets, find: f.path, between: f.between, until: f.until, direction: f.largest ? 'largest' : 'smallest', step: r.show(r.step), replications: p.replications, max_replications: maxReplications, confidence: p.confidence, warmup: p.warmup === 'auto' ? 'auto' : formatDurationS(p.warmup), jobs: options.jobs },
    node: process.version,
    started_at: new Date().toISOString(),
  };
  const folder = ReportFolder.open(options.out, `${name}.find`, [...SWEEP_FILES], provenance);
  try {
    const expect = new Map<string, Bound>([[u.figure, u.bound], ...p.scenarios[0]!.expect]);
    const evaluated = new Map<number, { scenario: TrafficScenario; fromS: number; rule: string; rows: FigureRow[] }>();
    const k = FIGURE_NAMES.indexOf(u.figure);
    const evaluate = async (x: number, n: number): Promise<Evaluation> => {
      let e = evaluated.get(x);
      io.progress?.(`${name}: ${f.path} = ${r.show(x)}: ${n} replications`);
      if (e === undefined) {
        const s = at(x).scenarios[0]!;
        const quiet = { ...io, progress: undefined };
        const run = await replicate(s, n, p.warmup, options.jobs, quiet);
        e = { scenario: s, fromS: run.warmup.fromS, rule: run.warmup.rule, rows: run.replications.map(figureRow) };
        evaluated.set(x, e);
      } else if (e.rows.length < n) {
        const more = Array.from({ length: n - e.rows.length }, (_, i) => ({ scenario: e!.scenario, replication: e!.rows.length + i + 1, warmupS: e!.fromS }));
        const stats = await runJobs(more, options.jobs, () => undefined, io.interrupted);
        e.rows.push(...stats.map(figureRow));
      }
      const figures = figuresOf(e.rows, p.confidence);
      const j = judge(figures, new Map([[u.figure, u.bound]]))[0]!;
      return { verdict: j.verdict, estimate: j.estimate, values: e.rows.map((row) => row[k]), replicationsToSettle: j.replicationsToSettle };
    };
    const spec: FindSpec = { path: f.path, kind: r.kind, low: r.low, high: r.high, step: r.step, largest: f.largest, replications: p.replications, maxReplications };
    const result = await guarded(p.scenarios[0]!, () => find(spec, evaluate, p.confidence, r.show));
    // The evaluated points as the cells of a one-dimension sweep, by value.
    const fixed = p.dimensions.slice(0, -1);
    const cells: SweepCell[] = result.points.map((pt) => {
      const e = evaluated.get(pt.x)!;
      const figures = figuresOf(e.rows, p.confidence);
      return { values: [...fixed.map((d) => d.values[0]!), r.show(pt.x)], replications: e.rows.length, fromS: e.fromS, figures, judgements: judge(figures, expect) };
    });
    const rules = new Set([...evaluated.values()].map((e) => (p.warmup === 'auto' ? 'MSER-5 per point' : e.rule)));
    const sweep: Sweep = {
      scenario: { name, file: input.file },
      seed: p.scenarios[0]!.seed,
      replications: p.replications,
      confidence: p.confidence,
      fromS: Math.max(...cells.map((c) => c.fromS)),
      warmupRule: [...rules].join('; '),
      overrides: input.sets,
      dimensions: [...fixed.map((d) => ({ path: d.path, values: d.values })), { path: f.path, values: cells.map((c) => c.values[c.values.length - 1]!) }],
      metric: u.figure,
      cells,
      find: { path: f.path, between: f.between, step: r.show(r.step), until: `${u.figure} ${u.bound.text}`, largest: f.largest, duration: r.kind === 'duration', maxReplications, result, show: r.show },
    };
    await publishSweep(folder, sweep, io);
    return (result.status === 'found' || result.status === 'edge') && result.violations.length === 0;
  } finally {
    folder.abandon();
  }
}
