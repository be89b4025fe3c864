// Distributions as data (a scenario's traffic section) and their samplers. Every draw comes
// from the run's seeded Random. Durations are sampled in seconds and rounded to whole seconds.

import type { Random } from '../sim/random.js';

export type Distribution =
  | { readonly type: 'fixed'; readonly value: number }
  | { readonly type: 'uniform'; readonly min: number; readonly max: number }
  | { readonly type: 'exponential'; readonly mean: number }
  | { readonly type: 'lognormal'; readonly median: number; readonly sigma: number }
  | { readonly type: 'geometric'; readonly mean: number }
  | { readonly type: 'poisson'; readonly mean: number }
  | { readonly type: 'empirical'; readonly values: readonly number[] };

export const DISTRIBUTION_TYPES = ['fixed', 'uniform', 'exponential', 'lognormal', 'geometric', 'poisson', 'empirical'] as const;

export type Sampler = (random: Random) => number;

/** A sampler of whole numbers >= 0 (seconds, or counts) for `d`. */
export function sampler(d: Distribution): Sampler {
  switch (d.type) {
    case 'fixed': {
      const v = Math.round(d.value);
      return () => v;
    }
    case 'uniform': {
      const { min, max } = d;
      return (r) => Math.round(min + (max - min) * r.float());
    }
    case 'exponential': {
      const mean = d.mean;
      return (r) => Math.round(mean * r.exponential());
    }
    case 'lognormal': {
      const { median, sigma } = d;
      return (r) => Math.round(median * Math.exp(sigma * r.normal()));
    }
    case 'geometric': {
      // Trials until the first success, on {1, 2, ...}, with success probability p = 1 / mean:
      // 1 + floor(E / -ln(1 - p)) for an exponential E.
      if (d.mean === 1) return () => 1;
      const scale = -1 / Math.log(1 - 1 / d.mean);
      return (r) => 1 + Math.floor(r.exponential() * scale);
    }
    case 'poisson':
      return poisson(d.mean);
    case 'empirical': {
      const values = d.values.map(Math.round);
      return (r) => values[r.int(values.length)]!;
    }
  }
}

/** The mean of the distribution before rounding, for documentation and tests. */
export function meanOf(d: Distribution): number {
  switch (d.type) {
    case 'fixed':
      return d.value;
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'lognormal':
      return d.median * Math.exp((d.sigma * d.sigma) / 2);
    case 'exponential':
    case 'geometric':
    case 'poisson':
      return d.mean;
    case 'empirical':
      return d.values.reduce((a, b) => a + b, 0) / d.values.length;
  }
}

function poisson(mean: number): Sampler {
  if (mean < 30) {
    // Inversion by sequential search: exact, about `mean` steps a draw.
    const p0 = Math.exp(-mean);
    return (r) => {
      let k = 0;
      let p = p0;
      let cumulative = p0;
      const u = r.float();
      while (u > cumulative && k < 1000) {
        k++;
        p *= mean / k;
        cumulative += p;
      }
      return k;
    };
  }
  // Large means: the normal approximation with continuity correction (error well under 1%).
  const sd = Math.sqrt(mean);
  return (r) => Math.max(0, Math.round(mean + sd * r.normal()));
}
