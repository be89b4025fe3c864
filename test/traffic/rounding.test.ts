import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/sim/random.js';
import { expNear, round, roundedTimesExp } from '../../src/traffic/rounding.js';
import { fcParams } from '../fc.js';

/** Math.round's answer and ours as the same value (Object.is: -0 and NaN count). */
const same = (a: number, b: number): boolean => Object.is(a, b);

describe('round', () => {
  it('is Math.round at every edge: halves, the last double below a half, signed zeros, 2^52 and beyond, NaN and infinities', () => {
    const edges = [
      0, -0, 0.49999999999999994, 0.5, 0.5000000000000001, 1.4999999999999998, 1.5, 2.5, -0.5, -0.49999999999999994, -1.5, -2.5,
      2 ** 52 - 0.5, 2 ** 52 - 1.5, 2 ** 52, 2 ** 52 + 1, 2 ** 53 + 2, 1e300, -1e300, 5e-324, -5e-324, NaN, Infinity, -Infinity,
    ];
    for (const v of edges) expect(same(round(v), Math.round(v)), String(v)).toBe(true);
  });

  it('is Math.round for any double', () => {
    fc.assert(
      fc.property(fc.double(), (v) => same(round(v), Math.round(v))),
      fcParams(20_000),
    );
  });

  it('is Math.round at and next to every half from 0.5 to 2^20 + 0.5 in steps (the values a draw in seconds takes)', () => {
    for (let k = 0; k <= 2 ** 20; k += 97) {
      for (const v of [k + 0.5, adjacent(k + 0.5, -1), adjacent(k + 0.5, 1)]) expect(same(round(v), Math.round(v)), String(v)).toBe(true);
    }
  });
});

describe('expNear', () => {
  it('is within 1e-15 (relative) of Math.exp over (-40, 40)', () => {
    let worst = 0;
    for (let i = 0; i <= 200_000; i++) {
      const x = -39.999 + (79.998 * i) / 200_000;
      worst = Math.max(worst, Math.abs(expNear(x) - Math.exp(x)) / Math.exp(x));
    }
    expect(worst).toBeLessThan(1e-15);
    expect(worst).toBeGreaterThan(0); // it is an approximation: the guard below is needed
  });

});

describe('roundedTimesExp', () => {
  it('is Math.round(scale * Math.exp(x)) for any scale and x', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.double({ min: -60, max: 60, noNaN: true }), (scale, x) =>
        same(roundedTimesExp(scale, x), Math.round(scale * Math.exp(x))),
      ),
      fcParams(20_000),
    );
  });

  it('is Math.round(scale * Math.exp(x)) at the edges of the fast path and beyond it: x = +-40, huge, infinite or NaN; scale 0, infinite or NaN', () => {
    const xs = [-40, 40, -39.99999999, 39.99999999, -745, 710, Infinity, -Infinity, NaN, 0, -0];
    const scales = [0, 1, 45, 86_400, 1e300, Infinity, NaN];
    for (const x of xs) for (const scale of scales) expect(same(roundedTimesExp(scale, x), Math.round(scale * Math.exp(x))), `${scale} ${x}`).toBe(true);
  });

  it('is Math.round(scale * Math.exp(x)) where the product is within a few last digits of a half, where expNear alone would round wrong', () => {
    let expNearAloneWrong = 0;
    for (let k = 1; k < 20_000; k++) {
      const x0 = Math.log((k + 0.5) / 45);
      for (let d = -4; d <= 4; d++) {
        const x = x0 + d * 2 ** -52 * Math.max(1, Math.abs(x0));
        const want = Math.round(45 * Math.exp(x));
        if (Math.floor(45 * expNear(x) + 0.5) !== want) expNearAloneWrong++;
        expect(roundedTimesExp(45, x)).toBe(want);
      }
    }
    // The test reaches the fallback: without it, these inputs would round the other way.
    expect(expNearAloneWrong).toBeGreaterThan(1_000); // 1,550 of 179,991 on Node 20
  });

  it('gives the lognormal draws of a seeded run that Math.exp gives (a million draws, median 45 s, sigma 1)', () => {
    const r = new Random(11);
    const differing: number[] = [];
    for (let i = 0; i < 1_000_000; i++) {
      const x = r.normal();
      if (roundedTimesExp(45, x) !== Math.round(45 * Math.exp(x))) differing.push(x);
    }
    expect(differing).toEqual([]);
  });
});

/** The double `steps` last digits away from a positive `v` (its bits read as one integer). */
function adjacent(v: number, steps: number): number {
  const f = new Float64Array([v]);
  const bits = new BigInt64Array(f.buffer);
  bits[0] = bits[0]! + BigInt(steps);
  return f[0]!;
}
