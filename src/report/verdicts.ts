// Thresholds judged on the confidence interval: pass when the whole interval satisfies the
// bound, fail when none of it does, inconclusive otherwise, with how many replications would
// likely settle it (the interval narrows like 1/sqrt(n)).

import type { Bound } from '../scenario/report.js';
import { Problems } from '../scenario/problems.js';
import { closest } from '../scenario/suggest.js';
import type { Estimate } from '../stats/interval.js';
import { FIGURE_NAMES, type Figure } from './figures.js';

export type Verdict = 'pass' | 'fail' | 'inconclusive';

export interface Judgement {
  readonly figure: string;
  readonly bound: Bound;
  readonly verdict: Verdict;
  readonly estimate: Estimate | undefined;
  /** For an inconclusive verdict: replications that would likely decide it, if a number can be said. */
  readonly replicationsToSettle: number | undefined;
}

/** Problem lines for `expect` entries that name no figure (exit 2), with "did you mean". */
export function expectProblems(file: string, expect: ReadonlyMap<string, Bound>): string[] {
  const p = new Problems(file);
  for (const name of expect.keys()) {
    if (FIGURE_NAMES.includes(name)) continue;
    const hint = closest(name, FIGURE_NAMES);
    p.add(`expect.${name}`, `no such figure${hint === undefined ? '' : `; did you mean "${hint}"?`} (the figures are listed in the README, "Capacity planning")`);
  }
  return p.count === 0 ? [] : p.report();
}

function holds(x: number, b: Bound): boolean {
  switch (b.comparison) {
    case '<':
      return x < b.value;
    case '<=':
      return x <= b.value;
    case '>':
      return x > b.value;
    case '>=':
      return x >= b.value;
    case '==':
      return x === b.value;
  }
}

export function judge(figures: readonly Figure[], expect: ReadonlyMap<string, Bound>): Judgement[] {
  return [...expect.entries()].map(([name, bound]) => {
    const e = figures.find((f) => f.name === name)?.estimate;
    if (e === undefined) return { figure: name, bound, verdict: 'inconclusive', estimate: undefined, replicationsToSettle: undefined };
    const low = holds(e.low, bound);
    const high = holds(e.high, bound);
    const mean = holds(e.mean, bound);
    // The interval is convex and each bound is one-sided (or a point): both ends decide it.
    const all = bound.comparison === '==' ? e.low === bound.value && e.high === bound.value : low && high;
    const none = bound.comparison === '==' ? bound.value < e.low || bound.value > e.high : !low && !high && !mean;
    const verdict: Verdict = all ? 'pass' : none ? 'fail' : 'inconclusive';
    let settle: number | undefined;
    if (verdict === 'inconclusive' && e.halfWidth > 0) {
      const distance = Math.abs(e.mean - bound.value);
      if (distance > 0) settle = Math.ceil(e.n * (e.halfWidth / distance) ** 2) + 1;
    }
    return { figure: name, bound, verdict, estimate: e, replicationsToSettle: settle };
  });
}
