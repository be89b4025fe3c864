// Arrival times from phases of constant or linearly ramping rate. Poisson: the gaps are
// exponential in the cumulative rate Lambda(t) (inversion of a non-homogeneous Poisson process);
// uniform: one arrival per unit of Lambda, evenly spaced. Times are continuous seconds; the
// caller rounds them down to the second an event runs at.

import type { Random } from '../sim/random.js';
import type { ArrivalPhase } from './types.js';

export class Arrivals {
  private phase = 0;
  private phaseStartS = 0;
  /** Position within the current phase, in seconds. */
  private tauS = 0;

  constructor(
    private readonly phases: readonly ArrivalPhase[],
    private readonly random: Random,
  ) {}

  /** The time of the next arrival, in seconds from the start, or Infinity after the last phase. */
  next(): number {
    let need = this.phases[this.phase]?.process === 'uniform' ? 1 : this.random.exponential();
    while (this.phase < this.phases.length) {
      const p = this.phases[this.phase]!;
      const r0 = p.ratePerHour / 3_600;
      const slope = (p.rampToPerHour - p.ratePerHour) / 3_600 / p.durationS;
      const lambdaAt = (tau: number): number => r0 * tau + (slope * tau * tau) / 2;
      const have = lambdaAt(this.tauS);
      const left = lambdaAt(p.durationS) - have;
      if (need <= left) {
        // Solve r0 x + slope x^2 / 2 = have + need for x in [tau, duration], in the stable form.
        const c = have + need;
        const x = (2 * c) / (r0 + Math.sqrt(r0 * r0 + 2 * slope * c));
        this.tauS = Math.min(x, p.durationS);
        return this.phaseStartS + this.tauS;
      }
      need -= left;
      this.phaseStartS += p.durationS;
      this.tauS = 0;
      this.phase++;
    }
    return Infinity;
  }
}
