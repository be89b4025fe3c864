// MSER-5 (White, 1997; White, Cobb and Spratt, 2000): the warm-up truncation point of an output
// series. The series is cut into batches of 5; for each candidate d (batches dropped from the
// start, up to half the series) MSER(d) = variance of the remaining batch means / (remaining
// batches)^2, and the d with the smallest MSER(d) is chosen. Applied to the open count averaged
// over replications, interval by interval.

export interface Truncation {
  /** Intervals dropped (a multiple of the batch size). */
  readonly intervals: number;
  /** The MSER statistic at the chosen point, and at d = 0, for the report's explanation. */
  readonly mserAtChoice: number;
  readonly mserAtZero: number;
}

export const MSER_BATCH = 5;

export function mser5(series: readonly number[]): Truncation {
  const batches: number[] = [];
  for (let i = 0; i + MSER_BATCH <= series.length; i += MSER_BATCH) {
    let sum = 0;
    for (let k = 0; k < MSER_BATCH; k++) sum += series[i + k]!;
    batches.push(sum / MSER_BATCH);
  }
  const k = batches.length;
  if (k < 2) return { intervals: 0, mserAtChoice: 0, mserAtZero: 0 };
  let best = 0;
  let bestValue = Infinity;
  let atZero = 0;
  for (let d = 0; d <= Math.floor(k / 2); d++) {
    const rest = batches.slice(d);
    const mean = rest.reduce((a, b) => a + b, 0) / rest.length;
    const value = rest.reduce((a, b) => a + (b - mean) ** 2, 0) / (rest.length * rest.length);
    if (d === 0) atZero = value;
    if (value < bestValue) {
      bestValue = value;
      best = d;
    }
  }
  return { intervals: best * MSER_BATCH, mserAtChoice: bestValue, mserAtZero: atZero };
}
