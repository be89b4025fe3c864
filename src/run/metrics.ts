// Counters of a generated-traffic run, per interval and in total: an EngineListener for state
// changes, plus counts the traffic generator reports. Plain numbers in typed arrays; a row
// per interval is all that is kept, so memory does not grow with the number of events.

import { ALL_ERROR_CODES, type ErrorCode } from '../engine/codes.js';
import type { Engine, EngineListener } from '../engine/engine.js';
import { REASON_NAMES, STATE_NAMES, type ReasonCode, type StateCode } from '../engine/states.js';
import type { Handle } from '../engine/table.js';

/** The transitions SPEC allows, one counter each: [from, to, reason]. */
export const TRANSITIONS = [
  [0, 1, 0],
  [1, 2, 0],
  [0, 2, 0],
  [1, 0, 1],
  [0, 1, 2],
  [1, 0, 2],
  [0, 2, 2],
  [1, 2, 2],
] as const;

export const COUNTERS = [
  'arrivals',
  'messages',
  'rest_updates',
  'created',
  'autocreated',
  'inbound_dropped',
  'webhooks',
  ...TRANSITIONS.map(([f, t, r]) => `${STATE_NAMES[f]}_to_${STATE_NAMES[t]}_${REASON_NAMES[r]}`),
  ...ALL_ERROR_CODES.map((c) => `rejected_${c}`),
] as const;

export const ARRIVALS = 0;
export const MESSAGES = 1;
export const REST_UPDATES = 2;
export const CREATED = 3;
const AUTOCREATED = 4;
const DROPPED = 5;
const WEBHOOKS = 6;
const FIRST_TRANSITION = 7;
const FIRST_REJECTION = FIRST_TRANSITION + TRANSITIONS.length;

/** Counter of each (from * 9 + to * 3 + reason). */
const TRANSITION_COUNTER = new Int8Array(27).fill(-1);
TRANSITIONS.forEach(([f, t, r], i) => (TRANSITION_COUNTER[f * 9 + t * 3 + r] = FIRST_TRANSITION + i));
const REJECTION_COUNTER = new Map<number, number>(ALL_ERROR_CODES.map((c, i) => [c, FIRST_REJECTION + i]));

export interface IntervalRow {
  readonly startS: number;
  readonly endS: number;
  /** Open conversations at the end of the interval, and by state. */
  readonly open: number;
  readonly active: number;
  readonly inactive: number;
  /** Time-averaged open conversations over the interval. */
  readonly openAverage: number;
  /** The largest number of open conversations any identity was in during the interval. */
  readonly maxIdentityOpen: number;
  /** Counts during the interval, in COUNTERS order. */
  readonly counts: Float64Array;
}

export class Metrics implements EngineListener {
  /** Counts of the interval under way, and of the whole run. */
  readonly current = new Float64Array(COUNTERS.length);
  readonly totals = new Float64Array(COUNTERS.length);
  readonly rows: IntervalRow[] = [];
  private intervalStartS = 0;
  /** A double from the first store (0.5, then 0: engine/census.ts's `area` says why). */
  private openSecondsAtStart = 0.5;

  constructor() {
    this.openSecondsAtStart = 0;
    // Changed first at the end of the first interval, mid-run: stored a second time here so that
    // V8 compiles it as an ordinary field, not a constant (see `replaceable` in util/typed-arrays.ts).
    this.intervalStartS = 1;
    this.intervalStartS = 0;
  }

  count(counter: number): void {
    this.current[counter]!++;
  }

  rejected(code: ErrorCode): void {
    this.current[REJECTION_COUNTER.get(code)!]!++;
  }

  transition(_conversation: Handle, from: StateCode, to: StateCode, reason: ReasonCode, webhook: boolean): void {
    this.current[TRANSITION_COUNTER[from * 9 + to * 3 + reason]!]!++;
    if (webhook) this.current[WEBHOOKS]!++;
  }

  autoCreated(): void {
    this.current[AUTOCREATED]!++;
  }

  inboundDropped(): void {
    this.current[DROPPED]!++;
  }

  /** Closes the interval ending now (`endS`, the engine's clock) and starts the next. */
  endInterval(endS: number, e: Engine): void {
    const c = e.counters;
    const openSeconds = c.openSeconds(endS);
    const maxIdentityOpen = e.takeIdentityPeak();
    const counts = this.current.slice();
    for (let i = 0; i < counts.length; i++) this.totals[i]! += counts[i]!;
    this.current.fill(0);
    const length = endS - this.intervalStartS;
    this.rows.push({
      startS: this.intervalStartS,
      endS,
      open: c.open,
      active: c.active,
      inactive: c.inactive,
      openAverage: length > 0 ? (openSeconds - this.openSecondsAtStart) / length : c.open,
      maxIdentityOpen,
      counts,
    });
    this.intervalStartS = endS;
    this.openSecondsAtStart = openSeconds;
  }
}
