// A sweep's results and its files: every cell (one combination of the swept values) with every
// figure's interval and the `expect` verdicts; the chosen metric's paired differences between
// neighbouring cells (common random numbers: replication i of every cell ran with the same
// seed); and, for `--find`, the evaluated points and the answer. sweep.csv (a row per cell),
// sweep.json and the terminal's table; sweep.html is sweep-html.ts. Pure.

import { formatDurationS } from '../engine/duration.js';
import { estimate, pairedDifferences, type Estimate } from '../stats/interval.js';
import type { FindResult } from '../sweep/find.js';
import { csvChunks, type Cell } from './csv.js';
import { FIGURE_NAMES, type Figure } from './figures.js';
import { terminalNumber } from './page.js';
import type { Judgement } from './verdicts.js';

export const SWEEP_FILES = ['sweep.html', 'sweep.json', 'sweep.csv'] as const;
/** The layout of sweep.json: bumped when a field changes meaning or goes. */
export const SWEEP_VERSION = 1;

export interface SweepCell {
  /** The value of each dimension, as written. */
  readonly values: readonly string[];
  readonly replications: number;
  /** Where this cell's statistics start. */
  readonly fromS: number;
  readonly figures: readonly Figure[];
  readonly judgements: readonly Judgement[];
}

export interface FindOutcome {
  readonly path: string;
  readonly between: readonly [string, string];
  readonly step: string;
  readonly until: string;
  readonly largest: boolean;
  /** The parameter is a duration (seconds): charts show hours. */
  readonly duration: boolean;
  readonly maxReplications: number;
  readonly result: FindResult;
  /** A value of the parameter as the outputs write it (a duration, a number). */
  readonly show: (x: number) => string;
}

export interface Sweep {
  readonly scenario: { readonly name: string; readonly file: string };
  readonly seed: number;
  readonly replications: number;
  readonly confidence: number;
  readonly fromS: number;
  readonly warmupRule: string;
  /** Every `--set` as written. */
  readonly overrides: readonly string[];
  readonly dimensions: readonly { readonly path: string; readonly values: readonly string[] }[];
  readonly metric: string;
  readonly cells: readonly SweepCell[];
  readonly find: FindOutcome | undefined;
}

/** The metric's difference between two cells one step apart along a dimension. */
export interface Neighbour {
  readonly dimension: number;
  readonly from: number;
  readonly to: number;
  /** `to` minus `from`, replication by replication (the replications both have). */
  readonly difference: Estimate;
  /** What the difference's half-width would be from two independent samples: sqrt(a^2 + b^2). */
  readonly unpairedHalfWidth: number;
  readonly significant: boolean;
}

/** The cell's figure for the sweep's metric. */
export const metricOf = (sweep: Sweep, cell: SweepCell): Figure => cell.figures[FIGURE_NAMES.indexOf(sweep.metric)]!;

export function neighbours(sweep: Sweep): Neighbour[] {
  const out: Neighbour[] = [];
  const sizes = sweep.dimensions.map((d) => d.values.length);
  const stride = sizes.map((_, d) => sizes.slice(d + 1).reduce((a, b) => a * b, 1));
  sweep.cells.forEach((cell, from) => {
    sizes.forEach((size, d) => {
      const k = Math.floor(from / stride[d]!) % size;
      if (k + 1 >= size) return;
      const to = from + stride[d]!;
      const a = metricOf(sweep, cell);
      const b = metricOf(sweep, sweep.cells[to]!);
      const diffs = pairedDifferences(a.values, b.values);
      if (diffs.length < 2 || a.estimate === undefined || b.estimate === undefined) return;
      const difference = estimate(diffs, sweep.confidence);
      out.push({ dimension: d, from, to, difference, unpairedHalfWidth: Math.hypot(a.estimate.halfWidth, b.estimate.halfWidth), significant: difference.low > 0 || difference.high < 0 });
    });
  });
  return out;
}

const round = (x: number | undefined): number | null => (x === undefined ? null : Math.round(x * 1e6) / 1e6);
const rounded = (e: Estimate | undefined) => (e === undefined ? null : { mean: round(e.mean), low: round(e.low), high: round(e.high) });

export function sweepJson(sweep: Sweep): string {
  const f = sweep.find;
  return `${JSON.stringify(
    {
      version: SWEEP_VERSION,
      scenario: sweep.scenario,
      seed: sweep.seed,
      replications: sweep.replications,
      confidence: sweep.confidence,
      statistics_from_s: sweep.fromS,
      warmup: sweep.warmupRule,
      overrides: sweep.overrides,
      dimensions: sweep.dimensions,
      metric: sweep.metric,
      cells: sweep.cells.map((c) => ({
        values: Object.fromEntries(c.values.map((v, d) => [sweep.dimensions[d]!.path, v])),
        replications: c.replications,
        statistics_from_s: c.fromS,
        figures: Object.fromEntries(c.figures.map((x) => [x.name, rounded(x.estimate)])),
        expect: c.judgements.map((j) => ({ figure: j.figure, bound: j.bound.text, verdict: j.verdict })),
      })),
      neighbours: neighbours(sweep).map((n) => ({
        dimension: sweep.dimensions[n.dimension]!.path,
        from: n.from,
        to: n.to,
        difference: rounded(n.difference),
        unpaired_half_width: round(n.unpairedHalfWidth),
        paired_half_width: round(n.difference.halfWidth),
        significant: n.significant,
      })),
      ...(f === undefined
        ? {}
        : {
            find: {
              parameter: f.path,
              between: f.between,
              step: f.step,
              until: f.until,
              direction: f.largest ? 'largest' : 'smallest',
              max_replications: f.maxReplications,
              status: f.result.status,
              answer: f.result.answer === undefined ? null : f.show(f.result.answer),
              fails_at: f.result.failsAt === undefined ? null : f.show(f.result.failsAt),
              monotone: f.result.violations.length === 0,
              violations: f.result.violations,
              points: f.result.points.map((p) => ({ value: f.show(p.x), replications: p.replications, metric: rounded(p.estimate), verdict: p.verdict })),
            },
          }),
    },
    null,
    2,
  )}\n`;
}

export function sweepCsv(sweep: Sweep): Iterable<string> {
  const expectNames = sweep.cells[0]?.judgements.map((j) => `expect ${j.figure} ${j.bound.text}`) ?? [];
  const header = [...sweep.dimensions.map((d) => d.path), 'replications', ...FIGURE_NAMES.flatMap((n) => [`${n}.mean`, `${n}.low`, `${n}.high`]), ...expectNames];
  const cell = (x: number | undefined): Cell => (x === undefined ? '' : (round(x) as number));
  const rows = sweep.cells.map((c): Cell[] => [
    ...c.values,
    c.replications,
    ...c.figures.flatMap((x) => [cell(x.estimate?.mean), cell(x.estimate?.low), cell(x.estimate?.high)]),
    ...c.judgements.map((j) => j.verdict),
  ]);
  return csvChunks(header, rows);
}

/** The metric as a short text: mean ± half-width. */
function short(e: Estimate | undefined): string {
  if (e === undefined) return '-';
  const show = terminalNumber;
  return `${show(e.mean)} ±${show(e.halfWidth)}`;
}

/** The dimensions with more than one value: the axes of the tables and charts. */
export function axes(sweep: Sweep): number[] {
  return sweep.dimensions.flatMap((d, i) => (d.values.length > 1 ? [i] : []));
}

function verdictCounts(cell: SweepCell): string {
  const count = (v: string) => cell.judgements.filter((j) => j.verdict === v).length;
  return cell.judgements.length === 0 ? '' : `${count('pass')} pass, ${count('fail')} fail, ${count('inconclusive')} inconclusive`;
}

/** The terminal's account: the metric over the first two swept dimensions (a grid per value of the rest). */
export function sweepTable(sweep: Sweep): string[] {
  const pct = Math.round(sweep.confidence * 100);
  const lines = [`${sweep.scenario.name}: ${sweep.cells.length} cells x ${sweep.replications} replications (common random numbers), ${sweep.metric}: mean ±${pct}% half-width, statistics from ${formatDurationS(sweep.fromS)}`];
  const ax = axes(sweep);
  if (sweep.find !== undefined || ax.length < 2) {
    const shown = ax.length === 0 ? [0] : ax;
    for (const c of sweep.cells) {
      lines.push(`  ${shown.map((d) => `${sweep.dimensions[d]!.path}=${c.values[d]}`).join(' ').padEnd(40)} ${short(metricOf(sweep, c).estimate).padStart(18)}  ${c.replications} replications  ${verdictCounts(c)}`);
    }
  } else {
    const [a, b] = [ax[0]!, ax[1]!];
    const rest = ax.slice(2);
    const groups = new Map<string, SweepCell[]>();
    for (const c of sweep.cells) {
      const key = rest.map((d) => `${sweep.dimensions[d]!.path}=${c.values[d]}`).join(' ');
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    for (const [key, cells] of groups) {
      if (key !== '') lines.push(`  ${key}`);
      const width = 18;
      lines.push(`  ${`${sweep.dimensions[a]!.path} \\ ${sweep.dimensions[b]!.path}`.padEnd(36)}${sweep.dimensions[b]!.values.map((v) => v.padStart(width)).join('')}`);
      for (const va of sweep.dimensions[a]!.values) {
        const row = sweep.dimensions[b]!.values.map((vb) => short(metricOf(sweep, cells.find((c) => c.values[a] === va && c.values[b] === vb)!).estimate).padStart(width));
        lines.push(`  ${va.padEnd(36)}${row.join('')}`);
      }
    }
  }
  const verdicts = sweep.cells.flatMap((c) => c.judgements);
  if (verdicts.length > 0) {
    const count = (v: string) => verdicts.filter((j) => j.verdict === v).length;
    lines.push(`  expect: ${count('pass')} pass, ${count('fail')} fail, ${count('inconclusive')} inconclusive, over ${sweep.cells.length} cells`);
  }
  const f = sweep.find;
  if (f !== undefined) lines.push(`  ${findSentence(f)}`);
  for (const v of f?.result.violations ?? []) lines.push(`  warning: not monotone: ${v}`);
  return lines;
}

/** The answer to `--find`, as one sentence. */
export function findSentence(f: FindOutcome): string {
  const r = f.result;
  const which = f.largest ? 'largest' : 'smallest';
  const [lo, hi] = f.between;
  switch (r.status) {
    case 'found':
      return `${which} ${f.path} with ${f.until}: ${f.show(r.answer!)} (it fails at ${f.show(r.failsAt!)})`;
    case 'edge':
      return `${which} ${f.path} with ${f.until}: ${f.show(r.answer!)}, the end of the range: it passes already at ${f.largest ? hi : lo}; widen --between to look further`;
    case 'inconclusive': {
      const fails = r.failsAt === undefined ? (f.largest ? hi : lo) : f.show(r.failsAt);
      const [a, b] = f.largest ? [f.show(r.answer!), fails] : [fails, f.show(r.answer!)];
      return `${which} ${f.path} with ${f.until}: inconclusive between ${a} and ${b}: it passes at ${f.show(r.answer!)}${r.failsAt === undefined ? '' : `, fails at ${f.show(r.failsAt)}`}, and ${f.maxReplications} replications (--max-replications) do not decide the values between`;
    }
    case 'none': {
      const end = f.largest ? lo : hi;
      const p = f.largest ? r.points[0] : r.points[r.points.length - 1];
      return `${which} ${f.path} with ${f.until}: none in ${lo} to ${hi}: at ${end} the threshold ${p?.verdict === 'fail' ? 'fails' : 'is still inconclusive'}`;
    }
  }
}
