// Validation of the timer values of a create or update request (SPEC 2, SPEC 6 order):
// format before minimum, inactive before closed. PT0S (any zero) means "off" and has no minimum.

import { ErrorCode } from './codes.js';
import { parseDurationS } from './duration.js';
import { MIN_CLOSED_TIMER_S, MIN_INACTIVE_TIMER_S } from './settings.js';

export interface TimersRequest {
  readonly inactive?: string;
  readonly closed?: string;
}

export type TimerCheck = { readonly ok: true; readonly seconds: number } | { readonly ok: false; readonly code: ErrorCode };

const TIMER_RULES = {
  inactive: { minS: MIN_INACTIVE_TIMER_S, format: ErrorCode.InvalidInactiveTimer, tooShort: ErrorCode.InactiveTimerTooShort },
  closed: { minS: MIN_CLOSED_TIMER_S, format: ErrorCode.InvalidClosedTimer, tooShort: ErrorCode.ClosedTimerTooShort },
} as const;

/** Seconds of a requested timer (0 = off), or the code that rejects it. */
export function checkTimer(which: keyof typeof TIMER_RULES, text: string): TimerCheck {
  const rule = TIMER_RULES[which];
  const seconds = parseDurationS(text);
  if (seconds === undefined) return { ok: false, code: rule.format };
  if (seconds !== 0 && seconds < rule.minS) return { ok: false, code: rule.tooShort };
  return { ok: true, seconds };
}

export type TimersCheck =
  | { readonly ok: true; readonly inactiveS: number; readonly closedS: number }
  | { readonly ok: false; readonly code: ErrorCode };

/**
 * Both timers of a request, each falling back to `inactiveS` / `closedS` when absent
 * (the account defaults at creation, the current values on update), or the first error code.
 */
export function checkTimers(timers: TimersRequest | undefined, inactiveS: number, closedS: number): TimersCheck {
  if (timers?.inactive !== undefined) {
    const r = checkTimer('inactive', timers.inactive);
    if (!r.ok) return r;
    inactiveS = r.seconds;
  }
  if (timers?.closed !== undefined) {
    const r = checkTimer('closed', timers.closed);
    if (!r.ok) return r;
    closedS = r.seconds;
  }
  return { ok: true, inactiveS, closedS };
}
