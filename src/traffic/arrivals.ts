// Arrival times from phases of constant or linearly ramping rate. Poisson: the gaps are
// exponential in the cumulative rate Lambda(t) (inversion of a non-homogeneous Poisson process);
// uniform: one arrival per unit of Lambda, evenly spaced. Times are continuous seconds inside,
// given out rounded down to the second an event runs at.

import type { Random } from '../sim/random.js';
import type { ArrivalPhase } from './types.js';

/** A phase as the inversion uses it: Lambda(tau) = r0 tau + slope tau^2 / 2 over [0, durationS]. */
interface Phase {
  readonly durationS: number;
  /** Arrivals per second at the start, and their change per second. */
  readonly r0: number;
  readonly slope: number;
  /** Lambda over the whole phase. */
  readonly total: number;
  readonly uniform: boolean;
}

export class Arrivals {
  private readonly phases: readonly Phase[];
  private phase = 0;
  private phaseStartS = 0;
  /**
   * Position within the current phase, in seconds: a fraction, so a double from the first store
   * (0.5, set to 0 in the constructor; census.ts's `area` says why).
   */
  private tauS = 0.5;

  constructor(
    phases: readonly ArrivalPhase[],
    private readonly random: Random,
  ) {
    this.tauS = 0;
    // Changed at the end of the first phase, mid-run: stored a second time here so that V8
    // compiles them as ordinary fields, not constants (see `replaceable` in util/typed-arrays.ts).
    this.phase = 1;
    this.phase = 0;
    this.phaseStartS = 1;
    this.phaseStartS = 0;
    this.phases = phases.map((p) => {
      const r0 = p.ratePerHour / 3_600;
      const slope = (p.rampToPerHour - p.ratePerHour) / 3_600 / p.durationS;
      return { durationS: p.durationS, r0, slope, total: lambdaAt(r0, slope, p.durationS), uniform: p.process === 'uniform' };
    });
  }

  /**
   * The second of the next arrival from the start (its continuous time rounded down), or Infinity
   * after the last phase. A whole number, not the continuous time: V8 returns a double from a call
   * in a heap object of its own, a whole number below 2^31 without one.
   */
  nextS(): number {
    const phases = this.phases;
    let need = phases[this.phase]?.uniform === true ? 1 : this.random.exponential();
    while (this.phase < phases.length) {
      const p = phases[this.phase]!;
      const have = lambdaAt(p.r0, p.slope, this.tauS);
      const left = p.total - have;
      if (need <= left) {
        // Solve r0 x + slope x^2 / 2 = have + need for x in [tau, duration], in the stable form
        // (with slope 0 it is exactly c / r0: the square root of r0^2 is r0 in floating point).
        const c = have + need;
        const x = p.slope === 0 ? c / p.r0 : (2 * c) / (p.r0 + Math.sqrt(p.r0 * p.r0 + 2 * p.slope * c));
        this.tauS = Math.min(x, p.durationS);
        return Math.floor(this.phaseStartS + this.tauS);
      }
      need -= left;
      this.phaseStartS += p.durationS;
      this.tauS = 0;
      this.phase++;
    }
    return Infinity;
  }
}

function lambdaAt(r0: number, slope: number, tau: number): number {
  return r0 * tau + (slope * tau * tau) / 2;
}
