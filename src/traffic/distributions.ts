// Distributions as data (a scenario's traffic section) and their samplers. Every draw comes
// from the run's seeded Random. Durations are sampled in seconds and rounded to whole seconds.

import type { Random } from '../sim/random.js';
import { round, roundedTimesExp } from './rounding.js';

export type Distribution =
  | { readonly type: 'fixed'; readonly value: number }
  | { readonly type: 'uniform'; readonly min: number; readonly max: number }
  | { readonly type: 'exponential'; readonly mean: number }
  | { readonly type: 'lognormal'; readonly median: number; readonly sigma: number }
  | { readonly type: 'geometric'; readonly mean: number }
  | { readonly type: 'poisson'; readonly mean: number }
  | { readonly type: 'empirical'; readonly values: readonly number[] };

export const DISTRIBUTION_TYPES = ['fixed', 'uniform', 'exponential', 'lognormal', 'geometric', 'poisson', 'empirical'] as const;

/**
 * Draws from one distribution. Samplers are instances of classes, not closures: a call site then
 * sees the same class (and method) in every run of a process, where a fresh closure per run would
 * be a new call target, and V8 would throw away the code it optimized for the first run's.
 */
export interface Sampler {
  draw(random: Random): number;
}

class Fixed implements Sampler {
  constructor(private readonly value: number) {}
  draw(): number {
    return this.value;
  }
}

class Uniform implements Sampler {
  constructor(
    private readonly min: number,
    private readonly max: number,
  ) {}
  draw(r: Random): number {
    return round(this.min + (this.max - this.min) * r.float());
  }
}

class Exponential implements Sampler {
  constructor(private readonly mean: number) {}
  draw(r: Random): number {
    return round(this.mean * r.exponential());
  }
}

class Lognormal implements Sampler {
  constructor(
    private readonly median: number,
    private readonly sigma: number,
  ) {}
  draw(r: Random): number {
    return roundedTimesExp(this.median, this.sigma * r.normal());
  }
}

/** Trials until the first success, on {1, 2, ...}, with success probability p = 1 / mean: 1 + floor(E / -ln(1 - p)) for an exponential E. */
class Geometric implements Sampler {
  private readonly scale: number;
  constructor(mean: number) {
    this.scale = -1 / Math.log(1 - 1 / mean);
  }
  draw(r: Random): number {
    return 1 + Math.floor(r.exponential() * this.scale);
  }
}

/** Small means: inversion by sequential search, exact, about `mean` steps a draw. */
class PoissonBySearch implements Sampler {
  private readonly p0: number;
  constructor(private readonly mean: number) {
    this.p0 = Math.exp(-mean);
  }
  draw(r: Random): number {
    const mean = this.mean;
    let k = 0;
    let p = this.p0;
    let cumulative = p;
    const u = r.float();
    while (u > cumulative && k < 1000) {
      k++;
      p *= mean / k;
      cumulative += p;
    }
    return k;
  }
}

/** Large means: the normal approximation with continuity correction (error well under 1%). */
class PoissonByNormal implements Sampler {
  private readonly sd: number;
  constructor(private readonly mean: number) {
    this.sd = Math.sqrt(mean);
  }
  draw(r: Random): number {
    return Math.max(0, round(this.mean + this.sd * r.normal()));
  }
}

class Empirical implements Sampler {
  private readonly values: readonly number[];
  constructor(values: readonly number[]) {
    this.values = values.map(Math.round);
  }
  draw(r: Random): number {
    return this.values[r.int(this.values.length)]!;
  }
}

/** A sampler of whole numbers >= 0 (seconds, or counts) for `d`. */
export function sampler(d: Distribution): Sampler {
  switch (d.type) {
    case 'fixed':
      return new Fixed(Math.round(d.value));
    case 'uniform':
      return new Uniform(d.min, d.max);
    case 'exponential':
      return new Exponential(d.mean);
    case 'lognormal':
      return new Lognormal(d.median, d.sigma);
    case 'geometric':
      return d.mean === 1 ? new Fixed(1) : new Geometric(d.mean);
    case 'poisson':
      return d.mean < 30 ? new PoissonBySearch(d.mean) : new PoissonByNormal(d.mean);
    case 'empirical':
      return new Empirical(d.values);
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
