// The discrete-event core: a virtual clock in whole seconds and two event calendars (timing
// wheels). Total order: (time, priority, insertion sequence). Events at one instant run by
// priority, URGENT before NORMAL, then in the order they were scheduled; an URGENT event that a
// NORMAL one schedules at its own instant runs next, before the NORMAL events still waiting
// there. An event is a small `kind` (0-7) and a `payload` (a whole number below 2^28), packed
// in one Int32: no object per event.
//
// Cost: O(1) to schedule and to run an event, plus finding the next busy second: a scan over
// empty one-second buckets that only moves forward, so at most the window's length
// (2^windowBits seconds) per window of simulated time, whatever the number of events.

import { ID_LIMIT, MAX_TIME_S } from '../util/limits.js';
import { TimeWheel } from './wheel.js';

/** Priority of events that must run first at their instant (SPEC 2.2: timers). */
export const URGENT = 0;
/** Priority of everything else (messages, REST calls, arrivals). */
export const NORMAL = 1;

export const MAX_KIND = 7;
/** Payloads are ids of 28 bits: the kind takes the other 3 bits of the Int32 an event is stored as. */
export const PAYLOAD_LIMIT = ID_LIMIT;

/**
 * What runs the events. An object with methods rather than functions: the run loop passes an
 * instance of one class in every run, so V8 keeps the code it optimized for the first run (a
 * fresh closure per run would be a new call target each time, and a deoptimization).
 */
export interface EventHandler {
  /** An event comes due: its kind and payload as scheduled. */
  dispatch(kind: number, payload: number): void;
  /** Optional: called once an instant's URGENT events have all run, before its NORMAL ones. */
  afterUrgent?(): void;
}

/**
 * A look ahead at the events of the next instant before any of them runs: what they will read
 * from memory, read first, all of them together, in passes that each make independent reads (the
 * instant's visits, then their conversations). Reads that miss the cache then overlap (a core
 * keeps many misses in flight) instead of each waiting in turn in the middle of its event.
 */
export interface LookAhead {
  /** Asked once per instant: whether to look ahead at its events. */
  wanted(): boolean;
  /**
   * The instant's events, packed as queued (kind in the low 3 bits, payload above), at
   * events[0 .. count): reads what they will read, changes nothing. The array is scratch: the
   * callee may overwrite it.
   */
  events(events: Int32Array, count: number): void;
}

export class Scheduler {
  /** Simulated time in whole seconds; set to each event's time before it runs. */
  nowS = 0;
  /** Timers: day-long ones should not wait in overflow, hence a 3-day window. */
  private readonly urgent = new TimeWheel(18);
  /** Messages, arrivals, REST calls: mostly minutes ahead; an 18-hour window is plenty. */
  private readonly normal = new TimeWheel(16);
  /** An URGENT event was queued at the current second (checked between NORMAL events). */
  private urgentNow = false;
  /** The current instant's events, copied for a look ahead. */
  private ahead = new Int32Array(1024);

  get pending(): number {
    return this.urgent.size + this.normal.size;
  }

  /** Time of the next event, or Infinity if there is none. */
  peekTimeS(): number {
    return Math.min(this.urgent.nextS(), this.normal.nextS());
  }

  schedule(atS: number, priority: number, kind: number, payload: number): void {
    // One combined test on the hot path; the precise complaint only when it fails.
    if (!(atS >= this.nowS && atS <= MAX_TIME_S && (atS | 0) === atS && (kind & ~MAX_KIND) === 0 && (payload & ~(PAYLOAD_LIMIT - 1)) === 0 && (priority & ~1) === 0)) {
      this.refuse(atS, priority, kind, payload);
    }
    if (priority === URGENT) {
      if (atS === this.nowS) this.urgentNow = true;
      this.urgent.add(atS, (payload << 3) | kind);
    } else this.normal.add(atS, (payload << 3) | kind);
  }

  private refuse(atS: number, priority: number, kind: number, payload: number): never {
    if (!Number.isInteger(atS)) throw new RangeError(`event time must be a whole number of seconds; got ${atS}`);
    if (atS < this.nowS) throw new RangeError(`cannot schedule at ${atS} s: it is before now (${this.nowS} s)`);
    if (atS > MAX_TIME_S) throw new RangeError(`event time must be at most 2^31-1 s; got ${atS}`);
    if (priority !== URGENT && priority !== NORMAL) throw new RangeError(`priority must be URGENT (0) or NORMAL (1); got ${priority}`);
    if (!(kind >= 0 && kind <= MAX_KIND && Number.isInteger(kind))) throw new RangeError(`event kind must be a whole number from 0 to ${MAX_KIND}; got ${kind}`);
    throw new RangeError(`event payload must be a whole number from 0 to 2^28-1; got ${payload}`);
  }

  /**
   * Runs every event due at or before `untilS` (events they schedule included) through
   * `handler`, then sets the clock to `untilS`. Later events stay queued, so a run can go on in
   * steps with the same result. With `lookAhead`, the instant's events are looked at first (no
   * effect on what runs). Returns how many events ran.
   */
  run(untilS: number, handler: EventHandler, lookAhead?: LookAhead): number {
    if (!(untilS >= this.nowS && untilS <= MAX_TIME_S && (untilS | 0) === untilS)) this.refuseUntil(untilS);
    let ran = 0;
    const { urgent, normal } = this;
    const visit = (packed: number): void => {
      ran++;
      handler.dispatch(packed & 7, packed >>> 3);
    };
    /** Every URGENT event at the current instant, including those they (or the hook) add there. */
    const drainUrgent = (): void => {
      do {
        urgent.drain(this.nowS, visit);
        this.urgentNow = false;
        handler.afterUrgent?.();
      } while (this.urgentNow);
    };
    // Closures made here, in each call, rather than kept per scheduler: V8 inlines a closure made
    // in the function it optimizes, whatever the instance, with no check of which one it is.
    const visitNormal = (packed: number): void => {
      ran++;
      handler.dispatch(packed & 7, packed >>> 3);
      // The order (time, priority, sequence): an URGENT event at this instant goes before the NORMAL ones left.
      if (this.urgentNow) drainUrgent();
    };
    for (;;) {
      const tu = urgent.nextS();
      const tn = normal.nextS();
      const t = tu < tn ? tu : tn;
      if (t > untilS) break;
      // Stored as int32 (`| 0`: t is a whole number of seconds below 2^31) so that V8 keeps the
      // clock, read by every request, an untagged small integer rather than a boxed double.
      this.nowS = t | 0;
      this.urgentNow = false;
      if (lookAhead?.wanted() === true) this.lookAheadAt(t, tu === t, tn === t, lookAhead);
      if (tu === t) drainUrgent();
      if (tn === t) normal.drain(t, visitNormal);
    }
    this.nowS = untilS | 0;
    return ran;
  }

  /** Copies the instant's events (the URGENT ones first, as they run) and hands them to the look ahead. */
  private lookAheadAt(t: number, urgentDue: boolean, normalDue: boolean, lookAhead: LookAhead): void {
    const count = (urgentDue ? this.urgent.countAt(t) : 0) + (normalDue ? this.normal.countAt(t) : 0);
    if (count > this.ahead.length) this.ahead = new Int32Array(count * 2);
    let n = 0;
    if (urgentDue) n = this.urgent.copyAt(t, this.ahead, n);
    if (normalDue) n = this.normal.copyAt(t, this.ahead, n);
    lookAhead.events(this.ahead, n);
  }

  private refuseUntil(untilS: number): never {
    if (untilS < this.nowS) throw new RangeError(`cannot run until ${untilS} s: it is before now (${this.nowS} s)`);
    throw new RangeError(`can run until a whole number of seconds up to 2^31-1; got ${untilS}`);
  }

  /** Bytes held by the queues, for memory reports. */
  get bytes(): number {
    return this.urgent.bytes + this.normal.bytes;
  }
}
