// The statistics under the report, against known values.

import { describe, expect, it } from 'vitest';
import { LevelHistogram, LOG_BUCKETS, bucketOf } from '../../src/stats/histogram.js';
import { estimate } from '../../src/stats/interval.js';
import { mser5 } from '../../src/stats/mser.js';
import { erlangB, normalQuantile, poissonQuantile } from '../../src/stats/queueing.js';
import { tQuantile } from '../../src/stats/student.js';
import { kaplanMeier } from '../../src/stats/survival.js';
import { Random } from '../../src/sim/random.js';

describe('Student t', () => {
  it('gives the textbook quantiles', () => {
    // Two-sided 95% for df 1, 4, 9, 29 and a large df (the normal's 1.959964).
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(tQuantile(0.975, 4)).toBeCloseTo(2.776445, 5);
    expect(tQuantile(0.975, 9)).toBeCloseTo(2.262157, 5);
    expect(tQuantile(0.995, 29)).toBeCloseTo(2.756386, 5);
    expect(tQuantile(0.975, 1e6)).toBeCloseTo(1.959966, 4);
    expect(tQuantile(0.025, 9)).toBeCloseTo(-2.262157, 5);
  });

  it('makes an interval of mean +- t * s / sqrt(n)', () => {
    const e = estimate([1, 2, 3, 4, 5], 0.95);
    expect(e.mean).toBe(3);
    expect(e.halfWidth).toBeCloseTo(2.776445 * Math.sqrt(2.5 / 5), 5);
    expect(estimate([7], 0.95)).toEqual({ mean: 7, low: 7, high: 7, halfWidth: 0, n: 1 });
  });
});

describe('MSER-5', () => {
  it('drops a transient at the start and keeps a stationary series whole', () => {
    const r = new Random(1);
    const noise = (): number => r.float() - 0.5;
    const transient = Array.from({ length: 200 }, (_, i) => (i < 40 ? (100 * i) / 40 : 100) + noise());
    const t = mser5(transient);
    expect(t.intervals).toBeGreaterThanOrEqual(35);
    expect(t.intervals).toBeLessThanOrEqual(50);
    expect(t.intervals % 5).toBe(0);
    expect(t.mserAtChoice).toBeLessThan(t.mserAtZero);
    const flat = Array.from({ length: 200 }, () => 100 + noise());
    expect(mser5(flat).intervals).toBeLessThanOrEqual(25);
    expect(mser5([1, 2, 3]).intervals).toBe(0);
  });
});

describe('queueing formulas', () => {
  it('Erlang B by the recursion, and Poisson and normal quantiles', () => {
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 12);
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 12);
    expect(erlangB(10, 5)).toBeCloseTo(0.018385, 5);
    expect(poissonQuantile(0.5, 2)).toBe(2);
    expect(poissonQuantile(0.99, 10)).toBe(18);
    expect(poissonQuantile(0.5, 1e6)).toBe(1_000_000);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
  });
});

describe('histograms', () => {
  it('weighs levels exactly: mean, percentiles and max of time at each count', () => {
    const h = new LevelHistogram();
    h.add(0, 10);
    h.add(3, 30);
    h.add(200, 60); // grows past its first 64 levels
    expect(h.mean()).toBeCloseTo((3 * 30 + 200 * 60) / 100, 12);
    expect(h.quantile(0.1)).toBe(0);
    expect(h.quantile(0.3)).toBe(3);
    expect(h.quantile(0.5)).toBe(200);
    expect(h.max).toBe(200);
    expect(h.toJSON()).toHaveLength(201);
  });
});

describe('Kaplan-Meier over buckets', () => {
  it('recovers the median of exponential lifetimes when half of them are cut off by the horizon', () => {
    const r = new Random(3);
    const ended = new Float64Array(LOG_BUCKETS);
    const censored = new Float64Array(LOG_BUCKETS);
    const mean = 3_600;
    let cut = 0;
    for (let i = 0; i < 200_000; i++) {
      const life = Math.round(mean * r.exponential());
      // Created at a uniform time in a 2-hour window: the rest of the window is how long it could be seen.
      const seen = Math.round(r.float() * 7_200);
      if (life <= seen) ended[bucketOf(life)]!++;
      else {
        censored[bucketOf(seen)]!++;
        cut++;
      }
    }
    expect(cut).toBeGreaterThan(80_000);
    const km = kaplanMeier(ended, censored);
    // The exponential's median is mean * ln 2 = 2495 s; dropping the censored ones would give about 1500.
    expect(km.quantile(0.5)!).toBeGreaterThan(2_495 * 0.97);
    expect(km.quantile(0.5)!).toBeLessThan(2_495 * 1.03);
    // Beyond the longest observation, a percentile is unknown rather than made up.
    expect(km.quantile(0.999)).toBeUndefined();
  });
});
