// Histograms whose memory does not grow with run length: LevelHistogram weighs whole-number
// levels exactly (time spent at each open count: as many entries as the largest level), and
// LogHistogram counts values of up to 2^31 in log-linear buckets, exact below 1024 and within
// 0.2% above (as HdrHistogram does with three significant digits), about 12,000 buckets in all.

/** Weights (seconds) at whole-number levels 0, 1, 2, ...: a time-weighted distribution. */
export class LevelHistogram {
  weights = new Float64Array(64);

  /** On the hot path of a report's run: one bounds check and one addition; the rest is computed when read. */
  add(level: number, weight: number): void {
    if (level >= this.weights.length) this.grow(level);
    this.weights[level]! += weight;
  }

  /** The highest level with weight. */
  get max(): number {
    for (let i = this.weights.length - 1; i > 0; i--) if (this.weights[i]! > 0) return i;
    return 0;
  }

  get total(): number {
    return this.weights.reduce((a, b) => a + b, 0);
  }

  private grow(level: number): void {
    let n = this.weights.length;
    while (n <= level) n *= 2;
    const grown = new Float64Array(n);
    grown.set(this.weights);
    this.weights = grown;
  }

  mean(): number {
    let sum = 0;
    let total = 0;
    for (let i = 0; i < this.weights.length; i++) {
      sum += i * this.weights[i]!;
      total += this.weights[i]!;
    }
    return total === 0 ? 0 : sum / total;
  }

  /** The smallest level at or below which a share `p` of the weight lies. */
  quantile(p: number): number {
    const max = this.max;
    const target = p * this.total;
    let cumulative = 0;
    for (let i = 0; i <= max; i++) {
      cumulative += this.weights[i]!;
      if (cumulative >= target && cumulative > 0) return i;
    }
    return max;
  }

  toJSON(): number[] {
    return Array.from(this.weights.subarray(0, this.max + 1));
  }
}

const EXACT = 1024;
const SUB_BITS = 9; // 512 sub-buckets per power of two above EXACT: 1/512 relative width
const SUB = 1 << SUB_BITS;
const TOP_POWER = 31;
export const LOG_BUCKETS = EXACT + (TOP_POWER - 10 + 1) * SUB;

/** The bucket of a whole number from 0 to 2^31 - 1. */
export function bucketOf(value: number): number {
  if (value < EXACT) return value;
  // Whole numbers below 2^31: the power of two by counting leading zeros, the sub-bucket by a shift.
  const power = 31 - Math.clz32(value); // 10 .. 30
  const sub = (value - (1 << power)) >>> (power - SUB_BITS);
  return EXACT + (power - 10) * SUB + sub;
}

/** The smallest value in bucket `b`. */
export function bucketLow(b: number): number {
  if (b < EXACT) return b;
  const power = 10 + Math.floor((b - EXACT) / SUB);
  const sub = (b - EXACT) % SUB;
  return 2 ** power + sub * 2 ** (power - SUB_BITS);
}

/** Counts of whole-number values (seconds) in log-linear buckets. */
export class LogHistogram {
  readonly counts = new Float64Array(LOG_BUCKETS);
  total = 0;
  /**
   * A double from the first store (0.5, then 0 in the constructor: engine/census.ts's `area` says
   * why). A sum of seconds passes 2^31 in a long run.
   */
  sum = 0.5;

  constructor() {
    this.sum = 0;
  }

  record(value: number, count = 1): void {
    this.counts[bucketOf(Math.min(value, 2 ** TOP_POWER - 1))]! += count;
    this.total += count;
    this.sum += value * count;
  }

  /** Nonzero buckets as [bucket, count] pairs: compact to send between threads. */
  toJSON(): [number, number][] {
    const out: [number, number][] = [];
    for (let b = 0; b < LOG_BUCKETS; b++) if (this.counts[b]! > 0) out.push([b, this.counts[b]!]);
    return out;
  }
}
