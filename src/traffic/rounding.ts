// Draws rounded to whole seconds (or counts) exactly as Math.round rounds them, at less cost: every
// function here returns the same number as the Math.round expression it names, for every input,
// so outputs stay byte-identical. Two costs it avoids, measured in a contact-centre run:
// - Math.round compiles to a rounding up and a branch on which way to correct it, and for a
//   random draw that branch is mispredicted half the time: 7 ns a draw on this machine, where
//   Math.floor(v + 0.5) (no branch) takes under 1 ns and is the same number for 0.5 <= v < 2^52.
// - Math.exp compiles to a call of a C function (fdlibm's exp), 9% of a run with lognormal gaps.

/** 2^52: from here on every double is a whole number, and v + 0.5 may round. */
const WHOLE_FROM = 2 ** 52;

/**
 * Math.round(v), for every v. For v in [0.5, 2^52), v + 0.5 is exact (0.5 is a multiple of v's
 * last digit) unless the sum passes a power of two 2^m; it then lies in [2^m, 2^m + 0.5) and
 * rounds within [2^m, 2^m + 0.5], so its floor is 2^m either way: the floor of the sum is v
 * rounded half up. Elsewhere (below 0.5, where the sum can round up to 1, negative values, huge
 * ones, NaN) it is Math.round.
 */
export function round(v: number): number {
  return v >= 0.5 && v < WHOLE_FROM ? Math.floor(v + 0.5) : Math.round(v);
}

/** e^x = 2^(k/64) * e^r with |r| <= ln 2 / 128: a table of 2^(j/64) and a polynomial for e^r. */
const STEPS = 64;
const FRACTIONS = new Float64Array(STEPS);
for (let j = 0; j < STEPS; j++) FRACTIONS[j] = 2 ** (j / STEPS);
/** |x| below this: 2^(k >> 6) from POWERS (exact powers of two), e^x far inside the doubles; beyond, Math.exp. */
const X_LIMIT = 40;
const POWERS_OFFSET = 64;
const POWERS = new Float64Array(2 * POWERS_OFFSET);
for (let i = 0; i < POWERS.length; i++) POWERS[i] = 2 ** (i - POWERS_OFFSET);
const STEPS_PER_LN2 = STEPS / Math.LN2;
/** ln 2 / 64 in two parts (fdlibm's ln2HI and ln2LO over 64): k * LN2_HI is exact for |k| < 2^21. */
const LN2_HI = 6.9314718036912381649e-1 / STEPS;
const LN2_LO = 1.90821492927058770002e-10 / STEPS;

/**
 * e^x within 1e-15 of it (relative), for -40 < x < 40 (the caller checks: a value of one type
 * out of here, where a NaN for the rest would make V8 box every result). The error is the
 * table's rounding (half a last digit), the polynomial's truncation (r^6 / 720 < 4e-17) and a few
 * roundings in its evaluation; test/traffic/rounding.test.ts measures it.
 */
export function expNear(x: number): number {
  // Any whole k near x * 64 / ln 2 will do; floor(+ 0.5) has no branch (see above).
  const k = Math.floor(x * STEPS_PER_LN2 + 0.5);
  const r = x - k * LN2_HI - k * LN2_LO;
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120)))));
  return FRACTIONS[k & (STEPS - 1)]! * POWERS[(k >> 6) + POWERS_OFFSET]! * p;
}

/**
 * How far from a half (relative to the value) a product made with expNear must be for it to
 * round to the same whole number as with Math.exp: both are within 1e-15 of scale * e^x (Math.exp
 * within a last digit), so 1e-13 leaves a margin of 50 times. Nearer than that (about 1 draw in
 * 10^11 at a value of 45), the draw is made with Math.exp.
 */
const MARGIN = 1e-13;

/** Math.round(scale * Math.exp(x)), for every scale and x: the same number, mostly without calling Math.exp. */
export function roundedTimesExp(scale: number, x: number): number {
  if (x > -X_LIMIT && x < X_LIMIT) {
    const v = scale * expNear(x);
    // A v that is NaN (scale not finite) fails the test and takes Math.exp.
    if (v > 0 && Math.abs(v - Math.floor(v) - 0.5) > v * MARGIN) return Math.floor(v + 0.5);
  }
  return Math.round(scale * Math.exp(x));
}
