// Timer profiles: the distinct (inactive, closed) timer pairs of a run, each stored once.
// A conversation keeps a 2-byte index instead of two numbers; a run has few distinct pairs
// (the account defaults, the traffic mix, the values of REST updates).

import { CapacityExceeded } from '../util/capacity.js';

const PROFILE_LIMIT = 2 ** 16;

export class TimerProfiles {
  readonly inactiveS: number[] = [];
  readonly closedS: number[] = [];
  private readonly index = new Map<number, number>();

  private lastInactiveS = -1;
  private lastClosedS = -1;
  private lastIndex = -1;

  /** The index of the pair, added if new. Timers are whole seconds below 2^30. */
  of(inactiveS: number, closedS: number): number {
    // Runs mostly create conversations with the same timers: skip the map for a repeat.
    if (inactiveS === this.lastInactiveS && closedS === this.lastClosedS) return this.lastIndex;
    this.lastInactiveS = inactiveS;
    this.lastClosedS = closedS;
    this.lastIndex = this.lookup(inactiveS, closedS);
    return this.lastIndex;
  }

  private lookup(inactiveS: number, closedS: number): number {
    const key = inactiveS * 2 ** 30 + closedS;
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.inactiveS.length;
      if (i === PROFILE_LIMIT) throw new CapacityExceeded('distinct timer pairs', PROFILE_LIMIT);
      this.inactiveS.push(inactiveS);
      this.closedS.push(closedS);
      this.index.set(key, i);
    }
    return i;
  }
}
