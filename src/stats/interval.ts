// A figure across replications: the mean of the replication values and a t-based confidence
// interval (each replication is one independent observation).

import { tQuantile } from './student.js';

export interface Estimate {
  readonly mean: number;
  /** The interval's ends; equal to the mean with one replication (no spread to measure). */
  readonly low: number;
  readonly high: number;
  /** Half the interval's width. */
  readonly halfWidth: number;
  readonly n: number;
}

export function estimate(values: readonly number[], confidence: number): Estimate {
  const n = values.length;
  if (n === 0) throw new RangeError('an estimate needs at least one value');
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, low: mean, high: mean, halfWidth: 0, n };
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  const halfWidth = tQuantile(1 - (1 - confidence) / 2, n - 1) * Math.sqrt(variance / n);
  return { mean, low: mean - halfWidth, high: mean + halfWidth, halfWidth, n };
}

/**
 * `b - a`, replication by replication, over the first replications both have and both measured:
 * with common random numbers (replication i of both with the same seed), the paired sample.
 */
export function pairedDifferences(a: readonly (number | undefined)[], b: readonly (number | undefined)[]): number[] {
  const diffs: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x !== undefined && y !== undefined) diffs.push(y - x);
  }
  return diffs;
}
