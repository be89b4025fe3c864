// Bookkeeping beside the rules, for metrics: open conversations by state and their peaks, the
// conversation-seconds spent open (time averages, Little's law), and how many open conversations
// the busiest identity has (the quantity of the 1000 limit) with its peaks. The engine tells it
// of every creation, state change, close, join and leave; it decides nothing.

import { ACTIVE, INACTIVE, type StateCode } from './states.js';
import { MAX_OPEN_CONVERSATIONS_PER_IDENTITY } from './settings.js';

/** What callers may read of the census: the engine's counters, read-only. */
export interface Counters {
  readonly active: number;
  readonly inactive: number;
  /** Open (active or inactive) conversations: the one open count. */
  readonly open: number;
  readonly peakOpen: number;
  readonly peakActive: number;
  readonly peakInactive: number;
  /** The most open conversations any identity has now, and has had in the whole run. */
  readonly largestIdentityOpen: number;
  readonly peakIdentityOpen: number;
  /** Conversation-seconds spent open from the start until `nowS`. */
  openSeconds(nowS: number): number;
  /**
   * With trackIdentities(): identity-seconds spent at each open count (index = count), pooled
   * over the tracked identities from `fromS` until `nowS`; undefined if nothing is tracked.
   */
  identityLevelSeconds(nowS: number): Float64Array | undefined;
}

export class Census implements Counters {
  constructor(private readonly clock: { readonly nowS: number }) {
    // A double from the first store (see `area` below), then the true start.
    this.area = 0;
    // Changed first when a conversation goes inactive, mid-run: stored a second time here so that
    // V8 compiles them as ordinary fields, not constants (see `replaceable` in util/typed-arrays.ts).
    this.inactive = 1;
    this.inactive = 0;
    this.peakInactive = 1;
    this.peakInactive = 0;
  }

  active = 0;
  inactive = 0;
  peakOpen = 0;
  peakActive = 0;
  peakInactive = 0;
  largestIdentityOpen = 0;
  peakIdentityOpen = 0;
  /** How many identities have each open count, to know the largest in O(1). Entry 0 is never read. */
  private readonly identitiesWith = new Float64Array(MAX_OPEN_CONVERSATIONS_PER_IDENTITY + 1);
  /** The largest open count of any identity since the last takeIdentityPeak. */
  private intervalPeak = 0;
  /**
   * Conversation-seconds spent open up to `areaAtS`. Initialized with a fraction so that V8 stores
   * it as a double from the start: a field that begins as a small integer and later holds a
   * double (here once it passes 2^31, early in any large run) changes the object's hidden class,
   * and every optimized function that reads a Census is thrown away ("wrong map") and compiled
   * again, in the middle of the run.
   */
  private area = 0.5;
  private areaAtS = 0;
  /** Tracked identities (0 .. tracked-1): how many are at each count, and the time spent there. */
  private tracked = 0;
  private trackedFromS = 0;
  private trackedWith: Float64Array | undefined;
  private levelArea: Float64Array | undefined;
  private levelSince: Float64Array | undefined;

  /**
   * Starts a time-weighted distribution of the open counts of identities 0 .. identities-1 (a
   * traffic run's agents), counting time from `fromS` (the report's warm-up). Before any join.
   */
  trackIdentities(identities: number, fromS: number): void {
    this.tracked = identities;
    this.trackedFromS = fromS;
    this.trackedWith = new Float64Array(MAX_OPEN_CONVERSATIONS_PER_IDENTITY + 1);
    this.trackedWith[0] = identities;
    this.levelArea = new Float64Array(MAX_OPEN_CONVERSATIONS_PER_IDENTITY + 1);
    this.levelSince = new Float64Array(MAX_OPEN_CONVERSATIONS_PER_IDENTITY + 1);
  }

  identityLevelSeconds(nowS: number): Float64Array | undefined {
    if (this.levelArea === undefined) return undefined;
    for (let level = 0; level <= MAX_OPEN_CONVERSATIONS_PER_IDENTITY; level++) this.accrueLevel(level, nowS);
    return this.levelArea.slice();
  }

  /** A tracked identity moves from one open count to another. */
  private trackedMove(from: number, to: number, nowS: number): void {
    this.accrueLevel(from, nowS);
    this.accrueLevel(to, nowS);
    this.trackedWith![from]!--;
    this.trackedWith![to]!++;
  }

  private accrueLevel(level: number, nowS: number): void {
    const since = this.levelSince![level]!;
    const from = since > this.trackedFromS ? since : this.trackedFromS;
    if (nowS > from) this.levelArea![level]! += this.trackedWith![level]! * (nowS - from);
    this.levelSince![level] = nowS;
  }

  get open(): number {
    return this.active + this.inactive;
  }

  openSeconds(nowS: number): number {
    return this.area + this.open * (nowS - this.areaAtS);
  }

  opened(state: StateCode, nowS: number): void {
    this.accrue(nowS);
    this.entered(state);
    if (this.open > this.peakOpen) this.peakOpen = this.open;
  }

  moved(from: StateCode, to: StateCode, nowS: number): void {
    if (!isOpen(to)) this.accrue(nowS); // a close changes the open count: settle the area first
    if (from === ACTIVE) this.active--;
    else if (from === INACTIVE) this.inactive--;
    this.entered(to);
  }

  /** An identity's open count went up to `n`. */
  identityJoined(n: number, identity: number): void {
    if (identity < this.tracked) this.trackedMove(n - 1, n, this.clock.nowS);
    this.identitiesWith[n - 1]!--;
    this.identitiesWith[n]!++;
    if (n > this.largestIdentityOpen) {
      this.largestIdentityOpen = n;
      if (n > this.intervalPeak) this.intervalPeak = n;
      if (n > this.peakIdentityOpen) this.peakIdentityOpen = n;
    }
  }

  /** An identity's open count went down to `n`. */
  identityLeft(n: number, identity: number): void {
    if (identity < this.tracked) this.trackedMove(n + 1, n, this.clock.nowS);
    this.identitiesWith[n + 1]!--;
    this.identitiesWith[n]!++;
    if (n + 1 === this.largestIdentityOpen && this.identitiesWith[n + 1] === 0) this.largestIdentityOpen = n;
  }

  /** The largest open count any identity reached since the last call; starts over from now (per metrics interval). */
  takeIdentityPeak(): number {
    const peak = this.intervalPeak;
    this.intervalPeak = this.largestIdentityOpen;
    return peak;
  }

  private entered(state: StateCode): void {
    if (state === ACTIVE) {
      if (++this.active > this.peakActive) this.peakActive = this.active;
    } else if (state === INACTIVE) {
      if (++this.inactive > this.peakInactive) this.peakInactive = this.inactive;
    }
  }

  private accrue(nowS: number): void {
    this.area = this.openSeconds(nowS);
    this.areaAtS = nowS;
  }
}

function isOpen(state: StateCode): boolean {
  return state === ACTIVE || state === INACTIVE;
}
