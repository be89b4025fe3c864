// The timer rules of SPEC 2.1 as pure functions of (state, timers, clock): where each clock
// stands after an event. A conversation has at most one live deadline at a time, so its whole
// timer state is one number; `NO_DEADLINE` means no clock is running.

import { ACTIVE, CLOSED, INACTIVE, type StateCode } from './states.js';

export const NO_DEADLINE = -1;

/** How the closed-only clock treats messages (SPEC 2.1, switch `semantics.closedOnlyClock`). */
export type ClosedOnlyClock = 'since-creation' | 'since-last-message';

/**
 * The deadline after every running clock restarts at `nowS`: at creation, a REST state change
 * (even to the same state) and a REST timer update. Timers are in seconds, 0 = off.
 * - active with the inactive timer: the inactive clock;
 * - active with only the closed timer: the closed-only clock;
 * - inactive with the closed timer: the chained (or closed-only) closed clock.
 */
export function restartedDeadline(state: StateCode, inactiveS: number, closedS: number, nowS: number): number {
  if (state === ACTIVE) {
    if (inactiveS > 0) return nowS + inactiveS;
    return closedS > 0 ? nowS + closedS : NO_DEADLINE;
  }
  if (state === INACTIVE) return closedS > 0 ? nowS + closedS : NO_DEADLINE;
  return NO_DEADLINE;
}

/** Returned by `deadlineAfterActivity` when the running clock is left as it is. */
export const KEEP = -2;

/**
 * The deadline after a new message (or, with `participantAddIsActivity`, a participant add)
 * in a conversation that is, or has just become, active; or KEEP.
 * With the inactive timer, the inactive clock restarts (and a chained closed clock stops).
 * With only the closed timer, the clock keeps running from creation unless the switch says
 * messages restart it.
 */
export function deadlineAfterActivity(inactiveS: number, closedS: number, nowS: number, closedOnlyClock: ClosedOnlyClock): number {
  if (inactiveS > 0) return nowS + inactiveS;
  if (closedS > 0) return closedOnlyClock === 'since-last-message' ? nowS + closedS : KEEP;
  return NO_DEADLINE;
}

/** Where a conversation goes when its deadline is reached: active -> inactive, or -> closed. */
export function stateWhenDue(state: StateCode, inactiveS: number): StateCode {
  return state === ACTIVE && inactiveS > 0 ? INACTIVE : CLOSED;
}

/**
 * `timers.date_inactive` and `timers.date_closed` as offsets in seconds (SPEC 2.3), or
 * NO_DEADLINE where the API shows none. Derived, never stored.
 */
export function dateInactiveS(state: StateCode, inactiveS: number, deadline: number): number {
  return state === ACTIVE && inactiveS > 0 ? deadline : NO_DEADLINE;
}

export function dateClosedS(state: StateCode, inactiveS: number, closedS: number, deadline: number): number {
  if (state === CLOSED || closedS === 0 || deadline === NO_DEADLINE) return NO_DEADLINE;
  // Active with both timers: projected, the closed clock would start when the inactive one ends.
  return state === ACTIVE && inactiveS > 0 ? deadline + closedS : deadline;
}
