// Durations some of which are still running at the end (censored): the Kaplan-Meier product
// limit over LogHistogram buckets (a life table). Percentiles are read off the estimated
// distribution, so long-lived conversations that outlast the run pull them up instead of being
// dropped; where too few finished for a percentile to be known, it is undefined ("beyond").

import { LOG_BUCKETS, bucketLow } from './histogram.js';

export interface Survival {
  /** Values such that a share p of the durations is at most it; undefined if not reached. */
  quantile(p: number): number | undefined;
  /** The mean restricted to the longest value observed (finished or censored). */
  restrictedMean: number;
  finished: number;
  censored: number;
}

/** `ended[b]`: durations that finished in bucket b; `censored[b]`: still running at that age. */
export function kaplanMeier(ended: ArrayLike<number>, censored: ArrayLike<number>): Survival {
  let atRisk = 0;
  let finished = 0;
  let stillRunning = 0;
  for (let b = 0; b < LOG_BUCKETS; b++) {
    atRisk += (ended[b] ?? 0) + (censored[b] ?? 0);
    finished += ended[b] ?? 0;
    stillRunning += censored[b] ?? 0;
  }
  // F(b): the estimated share finished by the end of bucket b.
  const cdfAt: [number, number][] = [];
  let survive = 1;
  let mean = 0;
  let previousEnd = 0;
  for (let b = 0; b < LOG_BUCKETS && atRisk > 0; b++) {
    const d = ended[b] ?? 0;
    const c = censored[b] ?? 0;
    if (d === 0 && c === 0) continue;
    const end = bucketLow(b + 1);
    mean += survive * (end - previousEnd);
    previousEnd = end;
    // Durations censored within the bucket count as at risk through it (the life-table convention).
    if (d > 0) {
      survive *= 1 - d / atRisk;
      cdfAt.push([bucketLow(b), 1 - survive]);
    }
    atRisk -= d + c;
  }
  return {
    quantile(p: number) {
      for (const [value, f] of cdfAt) if (f >= p - 1e-12) return value;
      return undefined;
    },
    restrictedMean: finished + stillRunning === 0 ? 0 : mean,
    finished,
    censored: stillRunning,
  };
}
