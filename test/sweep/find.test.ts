// --find's bisection on a known, deterministic threshold: where it lands, how it adds
// replications, what it says when the range holds no answer, and when monotonicity fails.

import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/report/verdicts.js';
import { find, type Evaluate, type FindSpec } from '../../src/sweep/find.js';

const spec = (over: Partial<FindSpec> = {}): FindSpec => ({ path: 'p', kind: 'integer', low: 50, high: 2000, step: 1, largest: false, replications: 10, maxReplications: 40, ...over });
const show = (x: number) => String(x);

/** A deterministic evaluation: the verdict given, the metric with a ±1 interval, paired values 0.5 either side. */
function evaluator(verdictAt: (x: number, n: number) => Verdict, metric = (x: number) => 1e5 / x): { evaluate: Evaluate; calls: [number, number][] } {
  const calls: [number, number][] = [];
  const evaluate: Evaluate = async (x, n) => {
    calls.push([x, n]);
    const m = metric(x);
    return { verdict: verdictAt(x, n), estimate: { mean: m, low: m - 1, high: m + 1, halfWidth: 1, n }, values: Array.from({ length: n }, (_, i) => m + (i % 2 === 0 ? 0.5 : -0.5)), replicationsToSettle: 3 * n };
  };
  return { evaluate, calls };
}

describe('--find', () => {
  it('lands exactly on the smallest passing integer, in about log2(range) evaluations', async () => {
    const { evaluate, calls } = evaluator((x) => (x >= 737 ? 'pass' : 'fail'));
    const r = await find(spec(), evaluate, 0.95, show);
    expect(r).toMatchObject({ status: 'found', answer: 737, failsAt: 736, violations: [] });
    expect(calls.length).toBeLessThanOrEqual(2 + Math.ceil(Math.log2(1950)) + 1);
  });

  it('finds the largest passing value with --largest', async () => {
    const { evaluate } = evaluator((x) => (x <= 1234 ? 'pass' : 'fail'), (x) => x);
    expect(await find(spec({ largest: true }), evaluate, 0.95, show)).toMatchObject({ status: 'found', answer: 1234, failsAt: 1235 });
  });

  it('durations and reals stay on the grid; HI is always a point', async () => {
    const { evaluate, calls } = evaluator((x) => (x >= 4000 ? 'pass' : 'fail'));
    const r = await find(spec({ kind: 'duration', low: 3600, high: 86_400, step: 300 }), evaluate, 0.95, show);
    expect(r).toMatchObject({ status: 'found', answer: 4200, failsAt: 3900 });
    expect(calls.every(([x]) => x === 86_400 || (x - 3600) % 300 === 0)).toBe(true);
    const real = evaluator((x) => (x >= 0.4321 ? 'pass' : 'fail'));
    const rr = await find(spec({ kind: 'real', low: 0, high: 1, step: 0.001 }), real.evaluate, 0.95, show);
    expect(rr).toMatchObject({ status: 'found', answer: 0.433, failsAt: 0.432 });
  });

  it('adds replications at an inconclusive point until it is decided', async () => {
    // Near the boundary a point needs 40 replications to be decided.
    const { evaluate, calls } = evaluator((x, n) => (Math.abs(x - 700) < 5 && n < 40 ? 'inconclusive' : x >= 700 ? 'pass' : 'fail'));
    const r = await find(spec(), evaluate, 0.95, show);
    expect(r).toMatchObject({ status: 'found', answer: 700, failsAt: 699 });
    const near = calls.filter(([x]) => Math.abs(x - 700) < 5);
    expect(near.some(([, n]) => n === 30) && near.some(([, n]) => n === 40)).toBe(true);
    expect(Math.max(...calls.map(([, n]) => n))).toBeLessThanOrEqual(40);
  });

  it('reports "inconclusive between a and b" when the budget does not decide the values near the boundary', async () => {
    const { evaluate } = evaluator((x) => (x >= 710 ? 'pass' : x <= 690 ? 'fail' : 'inconclusive'));
    const r = await find(spec(), evaluate, 0.95, show);
    expect(r).toMatchObject({ status: 'inconclusive', answer: 710, failsAt: 690, violations: [] });
    expect(r.points.filter((p) => p.verdict === 'inconclusive').every((p) => p.replications === 40)).toBe(true);
  });

  it('says so when nothing in the range passes, or the start already does', async () => {
    expect(await find(spec(), evaluator(() => 'fail').evaluate, 0.95, show)).toMatchObject({ status: 'none', answer: undefined, failsAt: 2000 });
    expect(await find(spec(), evaluator(() => 'pass').evaluate, 0.95, show)).toMatchObject({ status: 'edge', answer: 50 });
  });

  it('checks monotonicity on the points it evaluated: a metric that falls and then rises is flagged', async () => {
    // Falls from 1000 to 500 up to x = 1000, then rises to 600: the threshold < 700 still looks monotone.
    const metric = (x: number) => (x < 1000 ? 1000 - x / 2 : 500 + (x - 1000) / 10);
    const { evaluate } = evaluator((x) => (metric(x) < 700 ? 'pass' : 'fail'), metric);
    const r = await find(spec({ low: 0, high: 2000 }), evaluate, 0.95, show);
    expect(r).toMatchObject({ status: 'found', answer: 601 });
    expect(r.violations).toEqual(['the metric rises from 1000 to 2000 (paired difference 100, interval 100 to 100), against its overall direction']);
    // A monotone metric gives none.
    const calm = evaluator((x) => (x >= 601 ? 'pass' : 'fail'), (x) => 1000 - x / 4);
    expect((await find(spec({ low: 0, high: 2000 }), calm.evaluate, 0.95, show)).violations).toEqual([]);
  });
});
