// `--find PATH --between LO HI --until "FIGURE OP VALUE"`: the smallest (or, with --largest, the
// largest) value of one parameter for which a threshold passes on its confidence interval. The
// values form a grid (LO, LO + step, ..., HI); the search bisects it, assuming the verdict is
// monotone along it (fail, then inconclusive, then pass), adds replications at a point whose
// verdict is inconclusive until it is decided or the budget is spent, and then checks, on every
// point it evaluated, that the assumption held. Pure: the evaluation is passed in.

import { estimate, pairedDifferences, type Estimate } from '../stats/interval.js';
import type { Verdict } from '../report/verdicts.js';

export type ParameterKind = 'integer' | 'real' | 'duration';

export interface FindSpec {
  readonly path: string;
  readonly kind: ParameterKind;
  readonly low: number;
  readonly high: number;
  readonly step: number;
  readonly largest: boolean;
  readonly replications: number;
  readonly maxReplications: number;
}

/** What an evaluation at one value gives: the verdict, the metric's estimate and its per-replication values. */
export interface Evaluation {
  readonly verdict: Verdict;
  readonly estimate: Estimate | undefined;
  readonly values: readonly (number | undefined)[];
  /** For an inconclusive verdict: replications that would likely decide it. */
  readonly replicationsToSettle: number | undefined;
}

/** Evaluates the threshold at `x` with `replications` replications (the first ones kept: only new ones run). */
export type Evaluate = (x: number, replications: number) => Promise<Evaluation>;

export interface Point extends Evaluation {
  readonly x: number;
  readonly replications: number;
}

export interface FindResult {
  /**
   * found: the threshold passes at `answer` and fails at the grid's next value toward the other end;
   * inconclusive: it passes at `answer`, fails at `failsAt`, and is undecided between them;
   * none: it does not pass even at the end where it should (`answer` undefined);
   * edge: it already passes at the end where the search starts (LO, or HI with --largest).
   */
  readonly status: 'found' | 'inconclusive' | 'none' | 'edge';
  readonly answer: number | undefined;
  readonly failsAt: number | undefined;
  /** Every evaluated point, by value. */
  readonly points: readonly Point[];
  /** Where the points contradict monotonicity, in words; empty when they do not. */
  readonly violations: readonly string[];
}

/** The grid: LO + k * step, the last one HI; durations and integers stay whole. */
export function gridValue(spec: FindSpec, k: number, size: number): number {
  if (k >= size) return spec.high;
  const x = spec.low + k * spec.step;
  return spec.kind === 'real' ? Number(x.toPrecision(12)) : Math.round(x);
}

export async function find(spec: FindSpec, evaluate: Evaluate, confidence: number, show: (x: number) => string): Promise<FindResult> {
  const size = Math.ceil((spec.high - spec.low) / spec.step - 1e-9);
  const points = new Map<number, Point>();
  // j counts toward the end where the threshold passes: j = 0 is the start of the search.
  const xOf = (j: number): number => gridValue(spec, spec.largest ? size - j : j, size);
  const decide = async (j: number): Promise<Point> => {
    const x = xOf(j);
    let n = points.get(x)?.replications ?? spec.replications;
    let e = await evaluate(x, n);
    while (e.verdict === 'inconclusive' && n < spec.maxReplications) {
      n = Math.min(spec.maxReplications, Math.max(2 * n, e.replicationsToSettle ?? 0));
      e = await evaluate(x, n);
    }
    const p: Point = { ...e, x, replications: n };
    points.set(x, p);
    return p;
  };
  const done = (status: FindResult['status'], answer: number | undefined, failsAt: number | undefined): FindResult => {
    const sorted = [...points.values()].sort((a, b) => a.x - b.x);
    return { status, answer, failsAt, points: sorted, violations: violations(sorted, spec.largest, confidence, show) };
  };

  const end = await decide(size);
  if (end.verdict !== 'pass') return done('none', undefined, end.verdict === 'fail' ? end.x : undefined);
  const start = await decide(0);
  if (start.verdict === 'pass') return done('edge', start.x, undefined);
  // Invariant: j = lo does not pass, j = hi passes.
  let lo = 0;
  let hi = size;
  let loVerdict: Verdict = start.verdict;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const v = (await decide(mid)).verdict;
    if (v === 'pass') hi = mid;
    else [lo, loVerdict] = [mid, v];
  }
  if (loVerdict === 'fail') return done('found', xOf(hi), xOf(lo));
  // Undecided just below the answer: find where it last fails (fail, then inconclusive, along j).
  let fail = -1;
  for (const p of points.values()) {
    const j = spec.largest ? size - indexOf(spec, p.x, size) : indexOf(spec, p.x, size);
    if (p.verdict === 'fail' && j < lo) fail = Math.max(fail, j);
  }
  let undecided = lo;
  while (fail >= 0 && undecided - fail > 1) {
    const mid = Math.floor((fail + undecided) / 2);
    if ((await decide(mid)).verdict === 'fail') fail = mid;
    else undecided = mid;
  }
  return done('inconclusive', xOf(hi), fail < 0 ? undefined : xOf(fail));
}

function indexOf(spec: FindSpec, x: number, size: number): number {
  return x === spec.high ? size : Math.round((x - spec.low) / spec.step);
}

const RANK: Record<Verdict, number> = { fail: 0, inconclusive: 1, pass: 2 };

/**
 * Monotonicity on the evaluated points: verdicts must not go back (a pass below a fail, for the
 * smallest value), and the metric must move one way: a step whose paired difference (common
 * random numbers: the same seeds at every point) is significant against the overall direction
 * contradicts it. Noise inside the intervals does not.
 */
function violations(sorted: readonly Point[], largest: boolean, confidence: number, show: (x: number) => string): string[] {
  const out: string[] = [];
  const ordered = largest ? [...sorted].reverse() : sorted;
  for (let i = 1; i < ordered.length; i++) {
    const a = ordered[i - 1]!;
    const b = ordered[i]!;
    if (RANK[b.verdict] < RANK[a.verdict]) out.push(`the threshold ${a.verdict === 'pass' ? 'passes' : 'is inconclusive'} at ${show(a.x)} but ${b.verdict === 'fail' ? 'fails' : 'is inconclusive'} at ${show(b.x)}`);
  }
  const first = sorted[0]?.estimate;
  const last = sorted[sorted.length - 1]?.estimate;
  if (first === undefined || last === undefined || first.mean === last.mean) return out;
  const up = last.mean > first.mean;
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    const diffs = pairedDifferences(a.values, b.values);
    if (diffs.length < 2) continue;
    const d = estimate(diffs, confidence);
    if (up ? d.high < 0 : d.low > 0) out.push(`the metric ${up ? 'falls' : 'rises'} from ${show(a.x)} to ${show(b.x)} (paired difference ${d.mean.toPrecision(3)}, interval ${d.low.toPrecision(3)} to ${d.high.toPrecision(3)}), against its overall direction`);
  }
  return out;
}
