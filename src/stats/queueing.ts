// Analytic values the simulation is compared with: Erlang's loss formula and Poisson quantiles.

/** Erlang B(c, a): the probability that an arrival finds all c servers busy, by the stable recursion. */
export function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** The smallest k with P(N <= k) >= p for N ~ Poisson(mean). */
export function poissonQuantile(p: number, mean: number): number {
  const p0 = Math.exp(-mean);
  // Far from zero (e^-mean underflows) the normal approximation with continuity correction is within one unit.
  if (p0 === 0 || mean > 1e5) return Math.max(0, Math.ceil(mean + normalQuantile(p) * Math.sqrt(mean) - 0.5));
  let k = 0;
  let term = p0;
  let cumulative = p0;
  while (cumulative < p && k < 10 * mean + 100) {
    k++;
    term *= mean / k;
    cumulative += term;
  }
  return k;
}

/** The standard normal quantile (Acklam's rational approximation, relative error 1.15e-9). */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
